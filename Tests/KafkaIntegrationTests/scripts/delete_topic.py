"""Deletes a topic with confluent-kafka's admin client (the reference for what a user does).

usage: delete_topic.py BOOTSTRAP TOPIC
"""
import sys
from confluent_kafka.admin import AdminClient

bootstrap, topic = sys.argv[1:3]
admin = AdminClient({"bootstrap.servers": bootstrap})
for future in admin.delete_topics([topic]).values():
    future.result(30)

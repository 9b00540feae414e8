"""Reference consumer-group commits (confluent-kafka), for explicitly assigned partitions, and
the end offsets the reference client sees.

usage: commit.py BOOTSTRAP GROUP TOPIC PARTITIONS [PARTITION=OFFSET ...]
prints: {"ends": {"P": END, ...}}
"""
import json, sys
from confluent_kafka import Consumer, TopicPartition

bootstrap, group, topic, partitions = sys.argv[1:5]
commits = [item.split("=") for item in sys.argv[5:]]
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
if commits:
    consumer.commit(offsets=[TopicPartition(topic, int(p), int(o)) for p, o in commits], asynchronous=False)
ends = {}
for partition in range(int(partitions)):
    low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
    ends[str(partition)] = high
consumer.close()
json.dump({"ends": ends}, sys.stdout)

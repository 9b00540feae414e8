"""A consumer that answers (confluent-kafka): for every OrderCreated written to ORDERS after it
started, writes InventoryReserved for the same order to INVENTORY, as the inventory service of
the tests' story does. Prints "ready" once it reads from the end of every partition.

usage: answer.py BOOTSTRAP ORDERS INVENTORY [DELAY_SECONDS]
(DELAY_SECONDS: how long it takes over each answer, as a slow service would)
"""
import json, sys, time
from confluent_kafka import Consumer, Producer, TopicPartition

bootstrap, orders, inventory = sys.argv[1:4]
delay = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "evmon-tests-answer", "enable.auto.commit": False})
metadata = consumer.list_topics(orders, timeout=10)
partitions = sorted(metadata.topics[orders].partitions)
# From each partition's end as it is now, explicitly: the answers are to what comes next.
ends = [consumer.get_watermark_offsets(TopicPartition(orders, partition), timeout=10)[1] for partition in partitions]
consumer.assign([TopicPartition(orders, partition, end) for partition, end in zip(partitions, ends)])
producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0})
print("ready", flush=True)
while True:
    message = consumer.poll(0.2)
    if message is None or message.error():
        continue
    event = json.loads(message.value())
    if event.get("event_type") == "OrderCreated":
        time.sleep(delay)
        answer = {"event_type": "InventoryReserved", "payload": {"order_id": event["payload"]["order_id"]}}
        producer.produce(inventory, key=message.key(), value=json.dumps(answer).encode())
        producer.flush(10)
        print("answered", event["payload"]["order_id"], flush=True)

"""Benchmark helpers on confluent-kafka: fill a topic, and the reference consumer.

  bench_kafka.py fill BOOTSTRAP TOPIC COUNT SIZE      creates TOPIC (3 partitions), produces COUNT messages
  bench_kafka.py fill-orders BOOTSTRAP TOPIC COUNT    creates TOPIC (3 partitions), produces COUNT ~200-byte OrderCreated
                                                      events keyed by order (unique event_id, sequence 1, a total)
  bench_kafka.py consume BOOTSTRAP TOPIC COUNT        reads COUNT messages from offset 0 in batches; prints msg/s
  bench_kafka.py produce BOOTSTRAP TOPIC COUNT SIZE   creates TOPIC (3 partitions), then times producing the messages
                                                      `fill` writes (built beforehand) with acks=all; prints msg/s
  bench_kafka.py fixtures - - COUNT SIZE              prints the same messages as `evmon produce` lines
  bench_kafka.py create BOOTSTRAP TOPIC 0             creates TOPIC (3 partitions)
KAFKA_CLIENT_CONFIG (JSON), when set, adds librdkafka settings (TLS, SASL) to every client.
"""
import json, os, sys, time
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

command, bootstrap, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
security = json.loads(os.environ.get("KAFKA_CLIENT_CONFIG", "{}"))

def create(topic):
    admin = AdminClient({"bootstrap.servers": bootstrap, **security})
    for future in admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)]).values():
        future.result(30)


def producer():
    return Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "batch.size": 1_000_000,
                     "queue.buffering.max.messages": 1_000_000, "enable.idempotence": False, **security})


def produce_all(producer, messages):
    for key, value, partition in messages:
        while True:
            try:
                producer.produce(topic, key=key, value=value, partition=partition)
                break
            except BufferError:
                producer.poll(0.05)
    if producer.flush(300) != 0:
        raise SystemExit("fill: messages left unsent")


def fill_messages(count, size):
    payload = b"x" * (size - 40)
    return [(b"key-%d" % (index % 1000), b'{"order":%09d,"pad":"' % index + payload + b'"}', index % 3) for index in range(count)]


if command == "produce":
    create(topic)
    messages = fill_messages(count, int(sys.argv[5]))
    client = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "batch.size": 1_000_000, "acks": "all",
                       "queue.buffering.max.messages": 1_000_000, "enable.idempotence": False, **security})
    started = time.monotonic()
    produce_all(client, messages)
    print(int(count / (time.monotonic() - started)))
elif command == "fixtures":
    for key, value, partition in fill_messages(count, int(sys.argv[5])):
        print(json.dumps({"partition": partition, "key": key.decode(), "value": value.decode()}, separators=(",", ":")))
elif command == "create":
    create(topic)
elif command == "fill-orders":
    create(topic)
    produce_all(producer(), (
        (b"ord-%d" % index,
         b'{"event_id":"6f1c2a9e-4b7d-%012d","event_type":"OrderCreated","timestamp":"2026-11-26T10:00:00.000Z",'
         b'"payload":{"order_id":"ord-%d","user_id":"user-42","total":24.5,"sequence":1}}' % (index, index),
         index % 3) for index in range(count)))
elif command == "fill":
    create(topic)
    produce_all(producer(), fill_messages(count, int(sys.argv[5])))
elif command == "consume":
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "bench-reference", "enable.auto.commit": False,
                         "fetch.max.bytes": 52_428_800, "max.partition.fetch.bytes": 4_194_304, **security})
    started = time.monotonic()
    consumer.assign([TopicPartition(topic, partition, 0) for partition in range(3)])
    seen = 0
    while seen < count:
        for message in consumer.consume(num_messages=10_000, timeout=1.0):
            if message.error() is None:
                seen += 1
    elapsed = time.monotonic() - started
    consumer.close()
    print(f"{seen / elapsed:.0f}")

"""Benchmark helpers on confluent-kafka: fill a topic, and the reference consumer.

  bench_kafka.py fill BOOTSTRAP TOPIC COUNT SIZE      creates TOPIC (3 partitions), produces COUNT messages
  bench_kafka.py consume BOOTSTRAP TOPIC COUNT        reads COUNT messages from offset 0 in batches; prints msg/s
KAFKA_CLIENT_CONFIG (JSON), when set, adds librdkafka settings (TLS, SASL) to every client.
"""
import json, os, sys, time
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

command, bootstrap, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
security = json.loads(os.environ.get("KAFKA_CLIENT_CONFIG", "{}"))

if command == "fill":
    size = int(sys.argv[5])
    admin = AdminClient({"bootstrap.servers": bootstrap, **security})
    for future in admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)]).values():
        future.result(30)
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "batch.size": 1_000_000,
                         "queue.buffering.max.messages": 1_000_000, "enable.idempotence": False, **security})
    payload = b"x" * (size - 40)
    for index in range(count):
        value = b'{"order":%09d,"pad":"' % index + payload + b'"}'
        while True:
            try:
                producer.produce(topic, key=b"key-%d" % (index % 1000), value=value, partition=index % 3)
                break
            except BufferError:
                producer.poll(0.05)
    if producer.flush(300) != 0:
        raise SystemExit("fill: messages left unsent")
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

"""Reference producer (confluent-kafka) of extreme values: three messages on TOPIC with the
timestamps -100000000000000, 9223372036854775807 and 0, and one Spring Kafka dead letter on
TOPIC-dlt whose origin headers hold -2^63 (offset and timestamp) and whose exception message
carries a terminal escape (an OSC title change).

usage: produce_extremes.py BOOTSTRAP TOPIC
prints: {"topic": [[partition, offset, timestamp], ...], "dlt": [[partition, offset, timestamp]]}
(the timestamps as confluent-kafka sent them)
"""
import json, struct, sys
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap, topic = sys.argv[1:3]
dlt = topic + "-dlt"
admin = AdminClient({"bootstrap.servers": bootstrap})
for future in admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=1) for name in (topic, dlt)]).values():
    future.result(30)

producer = Producer({
    "bootstrap.servers": bootstrap, "linger.ms": 0, "enable.idempotence": False, "acks": "all",
})
landed = {"topic": [], "dlt": []}

def delivered(kind, timestamp):
    def report(error, message):
        if error is not None:
            raise SystemExit(f"produce failed: {error}")
        landed[kind].append([message.partition(), message.offset(), timestamp])
    return report

timestamps = [-100000000000000, 9223372036854775807, 0]
for index, timestamp in enumerate(timestamps):
    producer.produce(
        topic, key=b"extreme-%d" % index, value=json.dumps({"n": index, "timestamp": timestamp}).encode(),
        partition=0, timestamp=timestamp, on_delivery=delivered("topic", timestamp))
    producer.flush(30)

headers = [
    ("kafka_dlt-original-topic", topic.encode()),
    ("kafka_dlt-original-partition", struct.pack(">i", 0)),
    ("kafka_dlt-original-offset", struct.pack(">q", -(1 << 63))),
    ("kafka_dlt-original-timestamp", struct.pack(">q", -(1 << 63))),
    ("kafka_dlt-original-timestamp-type", b"CreateTime"),
    ("kafka_dlt-exception-fqcn", b"org.springframework.kafka.listener.ListenerExecutionFailedException"),
    ("kafka_dlt-exception-message", b"Listener failed \x1b]0;owned\x07 on purpose"),
]
producer.produce(
    dlt, key=b"extreme-dlt", value=b'{"n":3}', headers=headers, partition=0, timestamp=0,
    on_delivery=delivered("dlt", 0))
if producer.flush(60) != 0:
    raise SystemExit("produce: messages left unsent")
json.dump(landed, sys.stdout)

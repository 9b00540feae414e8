"""Reference producer (confluent-kafka): creates a topic and produces messages, printing where
each landed.

usage: produce.py BOOTSTRAP TOPIC COMPRESSION [--create PARTITIONS] [--one-by-one] [--partitioner NAME] < messages.json
KAFKA_CLIENT_CONFIG (JSON), when set, adds librdkafka settings (TLS, SASL) to the producer and admin.
messages.json: [{"partition": P (-1: the partitioner picks), "key": B64|null, "value": B64|null, "headers": [[name, B64|null]],
                 "timestamp": MS|null}]
prints: [[partition, offset], ...] in input order
"""
import base64, json, os, sys
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap, topic, compression = sys.argv[1:4]
args = sys.argv[4:]
security = json.loads(os.environ.get("KAFKA_CLIENT_CONFIG", "{}"))
if "--create" in args:
    partitions = int(args[args.index("--create") + 1])
    admin = AdminClient({"bootstrap.servers": bootstrap, **security})
    for future in admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)]).values():
        future.result(30)
one_by_one = "--one-by-one" in args

def decode(field):
    return None if field is None else base64.b64decode(field)

messages = json.load(sys.stdin)
producer = Producer({
    "bootstrap.servers": bootstrap, "compression.type": compression, "linger.ms": 0 if one_by_one else 20,
    "message.max.bytes": 4_000_000, "enable.idempotence": False, "acks": "all", **security,
    **({"partitioner": args[args.index("--partitioner") + 1]} if "--partitioner" in args else {}),
})
landed = [None] * len(messages)

def delivered(index):
    def report(error, message):
        if error is not None:
            raise SystemExit(f"produce failed: {error}")
        landed[index] = [message.partition(), message.offset()]
    return report

for index, message in enumerate(messages):
    options = {}
    if message.get("timestamp") is not None:
        options["timestamp"] = message["timestamp"]
    producer.produce(
        topic, key=decode(message.get("key")), value=decode(message.get("value")),
        headers=[(name, decode(value)) for name, value in message.get("headers", [])],
        partition=message["partition"], on_delivery=delivered(index), **options)
    if one_by_one:
        producer.flush(30)
if producer.flush(60) != 0:
    raise SystemExit("produce: messages left unsent")
json.dump(landed, sys.stdout)

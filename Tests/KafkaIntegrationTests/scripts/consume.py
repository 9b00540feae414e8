"""Reference reader (confluent-kafka): one partition from an offset to its end, by explicit
assignment, so no consumer group is joined and nothing is committed.

usage: consume.py BOOTSTRAP TOPIC PARTITION FROM_OFFSET [COUNT]
COUNT: read exactly that many messages, whatever the high watermark says (Tansu reports the
last batch's base offset + 1 as its high watermark, short of a multi-record batch's end).
prints: {"low": L, "high": H, "messages": [{"offset": O, "key": B64|null, "value": B64|null,
         "headers": [[name, B64|null]], "timestamp": MS}]}
"""
import base64, json, sys
from confluent_kafka import Consumer, TopicPartition

bootstrap, topic, partition, start = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
count = int(sys.argv[5]) if len(sys.argv) > 5 else None

def encode(field):
    return None if field is None else base64.b64encode(field).decode()

# librdkafka wants a group id even for assign(); it is never used: no subscribe, no commit.
consumer = Consumer({
    "bootstrap.servers": bootstrap, "group.id": "evmon-tests-reader-unused", "enable.auto.commit": False,
    "enable.auto.offset.store": False, "enable.partition.eof": count is None,
})
def read(message):
    return {
        "offset": message.offset(), "key": encode(message.key()), "value": encode(message.value()),
        "headers": [[name, encode(value)] for name, value in (message.headers() or [])],
        "timestamp": message.timestamp()[1],
    }

low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
messages = []
if count is not None:
    consumer.assign([TopicPartition(topic, partition, start)])
    while len(messages) < count:
        message = consumer.poll(10)
        if message is None:
            raise SystemExit(f"consume: {len(messages)} of {count} messages of {topic}/{partition} within 10 s")
        if message.error():
            raise SystemExit(f"consume: {message.error()}")
        messages.append(read(message))
elif start < high:
    consumer.assign([TopicPartition(topic, partition, start)])
    while True:
        message = consumer.poll(10)
        if message is None:
            raise SystemExit(f"consume: no message or end of {topic}/{partition} within 10 s")
        if message.error():
            if message.error().code() == -191:  # _PARTITION_EOF
                break
            raise SystemExit(f"consume: {message.error()}")
        messages.append(read(message))
        if message.offset() + 1 >= high:
            break
consumer.close()
json.dump({"low": low, "high": high, "messages": messages}, sys.stdout)

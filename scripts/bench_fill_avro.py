"""Fills two topics for the schema benchmark with the same orders: TOPIC-avro as a Confluent
Avro producer writes them (the schema registered in REGISTRY, magic byte and id, fastavro's
binary), and TOPIC-json as the JSON evmon decodes them to. 1,000 distinct orders, cycled.

usage: bench_fill_avro.py BOOTSTRAP REGISTRY_URL TOPIC COUNT
"""
import datetime, decimal, io, json, struct, sys, uuid
import fastavro
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

bootstrap, registry, topic, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
schema = {"type": "record", "name": "OrderCreated", "namespace": "com.example.orders", "fields": [
    {"name": "event_id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "order_id", "type": "string"}, {"name": "user_id", "type": "string"},
    {"name": "created_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
    {"name": "currency", "type": {"type": "enum", "name": "Currency", "symbols": ["EUR", "USD", "GBP"]}},
    {"name": "items", "type": "int"}, {"name": "express", "type": "boolean"},
    {"name": "coupon", "type": ["null", "string"]}, {"name": "sequence", "type": "long"}]}
schema_id = SchemaRegistryClient({"url": registry}).register_schema(topic + "-avro-value", Schema(json.dumps(schema), "AVRO"))
parsed = fastavro.parse_schema(schema)
UTC = datetime.timezone.utc
framed, plain = [], []
for index in range(1000):
    at = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=UTC) + datetime.timedelta(milliseconds=index)
    order = {"event_id": str(uuid.UUID(int=index + 1)), "order_id": f"ord-{index:06d}", "user_id": f"user-{index % 97}",
             "created_at": at, "total": decimal.Decimal(f"{index % 500}.{index % 100:02d}"), "currency": ["EUR", "USD", "GBP"][index % 3],
             "items": 1 + index % 5, "express": index % 2 == 0, "coupon": None if index % 3 else f"SAVE{index % 10}", "sequence": index}
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, order)
    framed.append(b"\0" + struct.pack(">I", schema_id) + buffer.getvalue())
    plain.append(json.dumps({**order, "created_at": at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{index % 1000:03d}Z",
                             "total": str(order["total"])}, separators=(",", ":")).encode())
admin = AdminClient({"bootstrap.servers": bootstrap})
for future in admin.create_topics([NewTopic(topic + suffix, num_partitions=3, replication_factor=1) for suffix in ("-avro", "-json")]).values():
    future.result(30)
producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 50, "batch.num.messages": 10000, "queue.buffering.max.messages": 1000000})
for suffix, values in (("-avro", framed), ("-json", plain)):
    for index in range(count):
        while True:
            try:
                producer.produce(topic + suffix, key=b"ord-%06d" % (index % 1000), value=values[index % 1000])
                break
            except BufferError:
                producer.poll(0.1)
    producer.flush(120)
print(schema_id)

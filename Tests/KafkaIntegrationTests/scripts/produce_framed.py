"""Writes schema-framed messages to Kafka with confluent-kafka's own serializers
(AvroSerializer on fastavro, JSONSerializer on jsonschema) and a schema registry, and prints
what each message's value (and key) must decode to, as evmon prints decoded JSON.

usage: produce_framed.py BOOTSTRAP REGISTRY_URL TOPIC   (REGISTRY_CA in the environment: an https registry's CA)
prints one JSON line per message, in the order written (all to partition 0):
  {"expected": VALUE, "key": KEY or null, "type": "AVRO"|"JSON", "subject": S, "version": N}
"""
import datetime, decimal, json, os, struct, sys, uuid
from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, NewTopic
from confluent_kafka.schema_registry import Schema, SchemaReference, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

bootstrap, registry_url, topic = sys.argv[1:4]
UTC = datetime.timezone.utc
admin = AdminClient({"bootstrap.servers": bootstrap})
for future in admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)]).values():
    future.result(30)
client = SchemaRegistryClient({"url": registry_url, **({"ssl.ca.location": os.environ["REGISTRY_CA"]} if "REGISTRY_CA" in os.environ else {})})
producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 0})
value_context = SerializationContext(topic, MessageField.VALUE)
key_context = SerializationContext(topic, MessageField.KEY)
key_serializer = AvroSerializer(client, '"string"')
written = []


def write(serializer, datum, expected, kind, version, key=None):
    producer.produce(
        topic, partition=0, value=serializer(datum, value_context),
        key=None if key is None else key_serializer(key, key_context))
    producer.flush(30)
    written.append({"expected": expected, "key": key, "type": kind, "subject": topic + "-value", "version": version})


everything = json.dumps({"type": "record", "name": "Everything", "namespace": "shop.tests", "fields": [
    {"name": "flag", "type": "boolean"}, {"name": "small", "type": "int"}, {"name": "big", "type": "long"},
    {"name": "ratio", "type": "float"}, {"name": "precise", "type": "double"}, {"name": "raw", "type": "bytes"},
    {"name": "text", "type": "string"}, {"name": "nothing", "type": "null"},
    {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}},
    {"name": "tag", "type": {"type": "fixed", "name": "Tag", "size": 2}},
    {"name": "list", "type": {"type": "array", "items": "long"}},
    {"name": "labels", "type": {"type": "map", "values": "string"}},
    {"name": "maybe", "type": ["null", "string"]},
    {"name": "either", "type": ["int", {"type": "record", "name": "Box", "fields": [{"name": "x", "type": "string"}]}]},
    {"name": "chain", "type": {"type": "record", "name": "Link", "fields": [
        {"name": "n", "type": "int"}, {"name": "next", "type": ["null", "Link"]}]}},
    {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "day", "type": {"type": "int", "logicalType": "date"}},
    {"name": "clock", "type": {"type": "int", "logicalType": "time-millis"}},
    {"name": "fine", "type": {"type": "long", "logicalType": "time-micros"}},
    {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "atMicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "local", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "span", "type": {"type": "fixed", "name": "Span", "size": 12, "logicalType": "duration"}}]})
write(AvroSerializer(client, everything), {
    "flag": True, "small": -7, "big": 9007199254740993, "ratio": 0.5, "precise": -2.25, "raw": b"\x00\xff", "text": "h\u00e9 \"q\"",
    "nothing": None, "color": "GREEN", "tag": b"ab", "list": [1, -1, 300], "labels": {"a": "1"}, "maybe": None,
    "either": {"x": "boxed"}, "chain": {"n": 1, "next": {"n": 2, "next": None}},
    "price": decimal.Decimal("-1234.50"), "id": uuid.UUID("6f1c2a9e-4b7d-4a1e-9d2f-1a2b3c4d5e6f"),
    "day": datetime.date(2026, 12, 7), "clock": datetime.time(10, 15, 30, 123000), "fine": datetime.time(23, 59, 59, 999999),
    "at": datetime.datetime(2026, 12, 7, 10, 15, 30, 123000, tzinfo=UTC),
    "atMicros": datetime.datetime(2026, 12, 7, 10, 15, 30, 123456, tzinfo=UTC),
    "local": datetime.datetime(2026, 12, 7, 10, 15, 30, 123000), "span": struct.pack("<III", 1, 2, 3)}, {
    "flag": True, "small": -7, "big": 9007199254740993, "ratio": 0.5, "precise": -2.25, "raw": {"base64": "AP8="}, "text": "h\u00e9 \"q\"",
    "nothing": None, "color": "GREEN", "tag": "ab", "list": [1, -1, 300], "labels": {"a": "1"}, "maybe": None,
    "either": {"x": "boxed"}, "chain": {"n": 1, "next": {"n": 2, "next": None}},
    "price": "-1234.50", "id": "6f1c2a9e-4b7d-4a1e-9d2f-1a2b3c4d5e6f", "day": "2026-12-07", "clock": "10:15:30.123",
    "fine": "23:59:59.999999", "at": "2026-12-07T10:15:30.123Z", "atMicros": "2026-12-07T10:15:30.123456Z",
    "local": "2026-12-07T10:15:30.123", "span": {"months": 1, "days": 2, "milliseconds": 3}}, "AVRO", 1, key="ord-1")

# Evolution: version 2 adds a field with a default; each message decodes with its writer's schema.
v1 = json.dumps({"type": "record", "name": "Payment", "fields": [{"name": "id", "type": "string"}, {"name": "cents", "type": "long"}]})
v2 = json.dumps({"type": "record", "name": "Payment", "fields": [
    {"name": "id", "type": "string"}, {"name": "cents", "type": "long"}, {"name": "note", "type": ["null", "string"], "default": None}]})
write(AvroSerializer(client, v1), {"id": "p-1", "cents": 1250}, {"id": "p-1", "cents": 1250}, "AVRO", 2, key="ord-2")
write(AvroSerializer(client, v2), {"id": "p-2", "cents": 99, "note": "late"}, {"id": "p-2", "cents": 99, "note": "late"}, "AVRO", 3, key="ord-3")

# A schema reference: Money lives under its own subject, and the order names it.
money = json.dumps({"type": "record", "name": "Money", "namespace": "shop", "fields": [
    {"name": "units", "type": "long"}, {"name": "currency", "type": "string"}]})
client.register_schema("shop.Money", Schema(money, "AVRO"))
with_reference = Schema(json.dumps({"type": "record", "name": "Priced", "namespace": "shop", "fields": [
    {"name": "sku", "type": "string"}, {"name": "price", "type": "shop.Money"}]}), "AVRO", [SchemaReference("shop.Money", "shop.Money", 1)])
write(AvroSerializer(client, with_reference), {"sku": "A-1", "price": {"units": 3, "currency": "EUR"}},
      {"sku": "A-1", "price": {"units": 3, "currency": "EUR"}}, "AVRO", 4)

# JSON Schema: the bytes after the frame are the JSON itself.
order_schema = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "title": "Order", "type": "object",
                           "properties": {"order_id": {"type": "string"}, "total": {"type": "number"}}, "required": ["order_id"]})
order = {"order_id": "ord-9", "total": 24.5, "items": [{"sku": "A", "qty": 2}]}
write(JSONSerializer(order_schema, client), order, order, "JSON", 5)

for item in written:
    print(json.dumps(item))

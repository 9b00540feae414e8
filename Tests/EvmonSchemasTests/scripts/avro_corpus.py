"""Avro cases written by fastavro (the reference writer confluent-kafka's AvroSerializer uses),
for evmon's decoder: one JSON object per line, {"name", "schema", "data" (base64 of the
schemaless binary), "expected" (the JSON evmon must print)}.

usage: avro_corpus.py
"""
import base64, datetime, decimal, io, json, struct, sys, uuid
import fastavro

UTC = datetime.timezone.utc
cases = []


def case(name, schema, datum, expected):
    parsed = fastavro.parse_schema(schema)
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, parsed, datum)
    cases.append({"name": name, "schema": schema, "data": base64.b64encode(buffer.getvalue()).decode(), "expected": expected})


case("primitives", {"type": "record", "name": "P", "fields": [
    {"name": "n", "type": "null"}, {"name": "b", "type": "boolean"}, {"name": "i", "type": "int"},
    {"name": "l", "type": "long"}, {"name": "lmin", "type": "long"}, {"name": "f", "type": "float"},
    {"name": "d", "type": "double"}, {"name": "big", "type": "double"}, {"name": "bytes", "type": "bytes"},
    {"name": "text", "type": "bytes"}, {"name": "s", "type": "string"}]},
    {"n": None, "b": True, "i": -2147483648, "l": 9223372036854775807, "lmin": -9223372036854775808, "f": 1.5,
     "d": -2.25, "big": 1e300, "bytes": b"\x00\xff", "text": b"abc", "s": "h\u00e9llo \u2713 \"q\""},
    {"n": None, "b": True, "i": -2147483648, "l": 9223372036854775807, "lmin": -9223372036854775808, "f": 1.5,
     "d": -2.25, "big": 1e300, "bytes": {"base64": "AP8="}, "text": "abc", "s": "h\u00e9llo \u2713 \"q\""})

case("complex", {"type": "record", "name": "C", "fields": [
    {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}},
    {"name": "tag", "type": {"type": "fixed", "name": "Tag", "size": 4}},
    {"name": "numbers", "type": {"type": "array", "items": "int"}},
    {"name": "empty", "type": {"type": "array", "items": "string"}},
    {"name": "labels", "type": {"type": "map", "values": "string"}},
    {"name": "maybe", "type": ["null", "string"]}, {"name": "nothing", "type": ["null", "string"]},
    {"name": "either", "type": ["int", {"type": "record", "name": "Inner", "fields": [{"name": "x", "type": "long"}]}]},
    {"name": "again", "type": "Color"}]},
    {"color": "BLUE", "tag": b"abcd", "numbers": [1, -1, 300, 2**31 - 1], "empty": [], "labels": {"a": "1", "b": "two"},
     "maybe": "yes", "nothing": None, "either": {"x": 7}, "again": "RED"},
    {"color": "BLUE", "tag": "abcd", "numbers": [1, -1, 300, 2147483647], "empty": [], "labels": {"a": "1", "b": "two"},
     "maybe": "yes", "nothing": None, "either": {"x": 7}, "again": "RED"})

case("namespaces", {"type": "record", "name": "Order", "namespace": "com.example", "fields": [
    {"name": "item", "type": {"type": "record", "name": "Item", "fields": [{"name": "sku", "type": "string"}]}},
    {"name": "same", "type": "Item"}, {"name": "full", "type": "com.example.Item"},
    {"name": "other", "type": {"type": "record", "name": "Item", "namespace": "org.other", "fields": [{"name": "n", "type": "int"}]}},
    {"name": "otherAgain", "type": "org.other.Item"}]},
    {"item": {"sku": "A"}, "same": {"sku": "B"}, "full": {"sku": "C"}, "other": {"n": 1}, "otherAgain": {"n": 2}},
    {"item": {"sku": "A"}, "same": {"sku": "B"}, "full": {"sku": "C"}, "other": {"n": 1}, "otherAgain": {"n": 2}})

case("recursive", {"type": "record", "name": "Node", "fields": [
    {"name": "value", "type": "int"}, {"name": "next", "type": ["null", "Node"]}]},
    {"value": 1, "next": {"value": 2, "next": {"value": 3, "next": None}}},
    {"value": 1, "next": {"value": 2, "next": {"value": 3, "next": None}}})

case("logical", {"type": "record", "name": "L", "fields": [
    {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
    {"name": "small", "type": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 3}},
    {"name": "exact", "type": {"type": "fixed", "name": "Dec", "size": 8, "logicalType": "decimal", "precision": 18, "scale": 3}},
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "day", "type": {"type": "int", "logicalType": "date"}},
    {"name": "before", "type": {"type": "int", "logicalType": "date"}},
    {"name": "clock", "type": {"type": "int", "logicalType": "time-millis"}},
    {"name": "fine", "type": {"type": "long", "logicalType": "time-micros"}},
    {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "atMicros", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "early", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "local", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "localMicros", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
    {"name": "span", "type": {"type": "fixed", "name": "Duration", "size": 12, "logicalType": "duration"}},
    {"name": "unknown", "type": {"type": "int", "logicalType": "no-such-type"}}]},
    {"price": decimal.Decimal("-1234.50"), "small": decimal.Decimal("0.005"), "exact": decimal.Decimal("12.345"),
     "id": uuid.UUID("6f1c2a9e-4b7d-4a1e-9d2f-1a2b3c4d5e6f"),
     "day": datetime.date(2026, 12, 7), "before": datetime.date(1969, 12, 31),
     "clock": datetime.time(10, 15, 30, 123000), "fine": datetime.time(23, 59, 59, 999999),
     "at": datetime.datetime(2026, 12, 7, 10, 15, 30, 123000, tzinfo=UTC),
     "atMicros": datetime.datetime(2026, 12, 7, 10, 15, 30, 123456, tzinfo=UTC),
     "early": datetime.datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=UTC),
     "local": datetime.datetime(2026, 12, 7, 10, 15, 30, 123000),
     "localMicros": datetime.datetime(2026, 12, 7, 10, 15, 30, 123456),
     "span": struct.pack("<III", 1, 2, 3), "unknown": 42},
    {"price": "-1234.50", "small": "0.005", "exact": "12.345", "id": "6f1c2a9e-4b7d-4a1e-9d2f-1a2b3c4d5e6f",
     "day": "2026-12-07", "before": "1969-12-31", "clock": "10:15:30.123", "fine": "23:59:59.999999",
     "at": "2026-12-07T10:15:30.123Z", "atMicros": "2026-12-07T10:15:30.123456Z", "early": "1969-12-31T23:59:59.999Z",
     "local": "2026-12-07T10:15:30.123", "localMicros": "2026-12-07T10:15:30.123456",
     "span": {"months": 1, "days": 2, "milliseconds": 3}, "unknown": 42})

case("blocks", {"type": "map", "values": {"type": "array", "items": "long"}},
     {"k%d" % index: list(range(index)) for index in range(40)},
     {"k%d" % index: list(range(index)) for index in range(40)})

for item in cases:
    print(json.dumps(item))

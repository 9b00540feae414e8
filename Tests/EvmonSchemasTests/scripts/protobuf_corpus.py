"""Protobuf cases serialized by Google's protobuf runtime (the one confluent-kafka's
ProtobufSerializer uses), for evmon's decoder: one JSON object per line, {"name", "proto"
(the .proto file in proto/), "message" (full name), "data" (base64 of the message's binary,
no registry frame), "expected" (json_format.MessageToDict with
always_print_fields_with_no_presence=True: the JSON evmon must print)}.

The classes in proto/*_pb2.py are generated and committed; after changing a .proto, run
from this folder:
    python3 -m grpc_tools.protoc -I proto --python_out=proto proto/common.proto proto/shop.proto proto/legacy.proto

usage: protobuf_corpus.py
"""
import base64, json, math, os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "proto"))
from google.protobuf import json_format, struct_pb2, timestamp_pb2, duration_pb2, any_pb2
import common_pb2, legacy_pb2, shop_pb2

cases = []


def tag(number, wire):
    return varint(number << 3 | wire)


def varint(value):
    value &= (1 << 64) - 1
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def case(name, proto, cls, data, expected=None):
    """`data` is a message (serialized here) or bytes; the expected JSON is what protobuf
    itself makes of the bytes, unless given (where protobuf would refuse to print)."""
    if not isinstance(data, bytes):
        data = data.SerializeToString()
    if expected is None:
        parsed = cls()
        parsed.ParseFromString(data)
        expected = json_format.MessageToDict(parsed, always_print_fields_with_no_presence=True)
        # Extensions are skipped, like any field the message itself does not declare: evmon
        # reads `extend` blocks but does not apply them.
        expected = {key: value for key, value in expected.items() if not key.startswith("[")}
    cases.append({"name": name, "proto": proto, "message": cls.DESCRIPTOR.full_name,
                  "data": base64.b64encode(data).decode(), "expected": expected})


S = shop_pb2
case("scalars", "shop.proto", S.Scalars, S.Scalars(
    a_double=-2.25, a_float=1.1, an_int32=-42, an_int64=-9223372036854775808, a_uint32=4294967295,
    a_uint64=18446744073709551615, a_sint32=-2147483648, a_sint64=9223372036854775807, a_fixed32=7,
    a_fixed64=2**53 + 1, a_sfixed32=-1, a_sfixed64=-(2**40), a_bool=True, a_string="h\u00e9llo \u2713 \"q\"\n",
    some_bytes=b"\x00\xff\x10"))
case("scalars at their defaults", "shop.proto", S.Scalars, S.Scalars())
case("special floats", "shop.proto", S.Scalars, S.Scalars(a_double=math.nan, a_float=math.inf, an_int32=1))
case("big and small doubles", "shop.proto", S.Scalars, S.Scalars(a_double=1e300, a_float=-3.4028234663852886e38))
case("tiny double", "shop.proto", S.Scalars, S.Scalars(a_double=5e-324, a_float=1e-7))
case("negative infinity", "shop.proto", S.Scalars, S.Scalars(a_double=-math.inf))

money = common_pb2.Money(currency_code="EUR", units=12, nanos=500000000)
order = S.Order(
    order_id="ord-1", total=money, color=S.CRIMSON, status=common_pb2.STATUS_OPEN,
    packed_numbers=[1, -1, 300, 2**31 - 1], unpacked_numbers=[5, 0, -7], tags=["a", "b\u00e9"],
    colors=[S.RED, S.BLUE, 7], counts={"x": 1, "y": -2}, flags={True: "yes", False: "no"},
    color_by_name={"sky": S.BLUE}, note="", priority=0, voucher=money, default_kind=S.Order.Line.DIGITAL,
    weights=[0.5, -1.0, 1e-10], deltas=[-1, 1, -(2**62)], checksums=[0, 4294967295])
order.lines.add(sku="A-1", quantity=2, price=money, kind=S.Order.Line.PHYSICAL)
order.lines.add(sku="B-2")
order.lines_by_id[9007199254740993].sku = "far"
order.lines_by_id[-1].quantity = 3
order.created_at.seconds = 63072020
order.created_at.nanos = 21000000
order.ttl.seconds = 3600
case("order", "shop.proto", S.Order, order)
case("order at its defaults", "shop.proto", S.Order, S.Order())
case("oneof holding a false", "shop.proto", S.Order, S.Order(cash=False))
case("open enum number it lacks", "shop.proto", S.Order, S.Order(color=99, colors=[42]))

# Wire-level cases, written by hand and judged by protobuf's own parser.
card = tag(16, 2) + varint(4) + b"4111"
cash = tag(18, 0) + varint(1)
case("oneof: the member seen last wins", "shop.proto", S.Order, card + cash)
voucher_a = S.Order(voucher=common_pb2.Money(currency_code="EUR")).SerializeToString()
voucher_b = S.Order(voucher=common_pb2.Money(units=5)).SerializeToString()
case("a message seen twice merges", "shop.proto", S.Order, voucher_a + voucher_b)
case("a oneof message after another member starts afresh", "shop.proto", S.Order, voucher_a + card + voucher_b)
case("scalars: the last wins", "shop.proto", S.Scalars,
     tag(3, 0) + varint(1) + tag(14, 2) + varint(1) + b"a" + tag(3, 0) + varint(2) + tag(14, 2) + varint(1) + b"b")
case("packed and unpacked mixed", "shop.proto", S.Order,
     tag(6, 0) + varint(1) + tag(6, 2) + varint(3) + varint(2) + varint(300) + tag(7, 2) + varint(2) + varint(8) + varint(9)
     + tag(24, 5) + (5).to_bytes(4, "little"))
unknown = (tag(99, 0) + varint(5) + tag(98, 3) + tag(1, 2) + varint(2) + b"hi" + tag(97, 3) + tag(97, 4) + tag(98, 4)
           + tag(96, 1) + bytes(8) + tag(95, 5) + bytes(4) + tag(94, 2) + varint(3) + b"abc")
case("unknown fields are skipped", "shop.proto", S.Scalars, unknown + tag(3, 0) + varint(7))
case("a known field with the wrong wire type is skipped", "shop.proto", S.Scalars,
     tag(3, 2) + varint(1) + b"x" + tag(14, 0) + varint(1) + tag(13, 0) + varint(1))
case("int32 from a 10-byte varint, bool from 2", "shop.proto", S.Scalars,
     tag(3, 0) + varint(-5) + tag(13, 0) + varint(2) + tag(5, 0) + varint(2**32 + 3))
case("a map key seen twice keeps the last value", "shop.proto", S.Order,
     S.Order(counts={"k": 1}).SerializeToString() + S.Order(counts={"k": 2, "j": 3}).SerializeToString())
case("map entries missing their key or value", "shop.proto", S.Order,
     tag(10, 2) + varint(0) + tag(11, 2) + varint(2) + tag(1, 0) + varint(4) + tag(13, 2) + varint(3) + tag(1, 2) + varint(1) + b"z")

wk = S.WellKnown()
wk.at.FromJsonString("1972-01-01T10:00:20.021Z")
wk.epoch.seconds = 0
wk.micros.FromJsonString("2026-12-07T10:15:30.123456Z")
wk.early.seconds = -1
wk.early.nanos = 999999999
wk.took.FromJsonString("1.000340012s")
wk.negative.FromJsonString("-1.5s")
wk.whole.seconds = 60
wk.double_value.value = 2.5
wk.float_value.value = 0.1
wk.int64_value.value = -(2**60)
wk.uint64_value.value = 2**64 - 1
wk.int32_value.value = -3
wk.uint32_value.value = 3
wk.bool_value.value = True
wk.string_value.value = "s"
wk.bytes_value.value = b"\x01\x02"
wk.zero_wrapper.SetInParent()
wk.details.update({"name": "x", "n": 3, "ok": True, "none": None, "list": [1, "two", None, {"deep": []}], "obj": {"a": 1.5}})
wk.anything.string_value = "any value"
wk.list.extend([1, "a", False])
wk.nothing.SetInParent()
wk.mask.paths.extend(["order_id", "lines.unit_price", "a"])
wk.any_order.Pack(S.Order(order_id="inner", color=S.BLUE, lines=[S.Order.Line(sku="L")]))
wk.any_timestamp.Pack(timestamp_pb2.Timestamp(seconds=1, nanos=500000000))
wk.many.add().Pack(duration_pb2.Duration(seconds=2))
wk.many.add().Pack(struct_pb2.Value(number_value=3))
wk.many.add().Pack(common_pb2.Money(units=1))
case("well-known types", "shop.proto", S.WellKnown, wk)
case("well-known types unset", "shop.proto", S.WellKnown, S.WellKnown())
case("an empty Value is null, an empty Any is {}", "shop.proto", S.WellKnown,
     tag(19, 2) + varint(0) + tag(23, 2) + varint(0) + tag(20, 2) + varint(0) + tag(18, 2) + varint(0))
other = any_pb2.Any(type_url="type.googleapis.com/other.Thing", value=b"\x08\x01")
case("an Any of a type the schema lacks", "shop.proto", S.WellKnown, S.WellKnown(any_order=other),
     expected={"anyOrder": {"@type": "type.googleapis.com/other.Thing", "value": "CAE="}, "many": [], "nullValue": None})

tree = S.Tree(name="root")
child = tree.children.add(name="a")
child.children.add(name="a1").inner.deeper.depth = 3
tree.children.add(name="b")
case("recursive and deeply nested", "shop.proto", S.Tree, tree)

L = legacy_pb2
record = L.Record(id="r1", count=0, plain=[1, 2], packed=[3, 4], level=L.LOW, levels=[L.HIGH, L.LOW], blob=b"\xfe",
                  ratio=0.25, number=0, names={1: "one", -2: "minus two"})
record.result.url = "http://x"
record.result.snippets.extend(["s1", "s2"])
record.entry.add(key=1)
record.entry.add(key=-2)
record.Extensions[L.extra] = "ext"
record.Extensions[L.Holder.holder_extra] = 5
case("proto2 record", "legacy.proto", L.Record, record)
case("proto2 record with only its required field", "legacy.proto", L.Record, L.Record(id=""))
case("proto2 closed enum: an unknown number is an unknown field", "legacy.proto", L.Record,
     tag(1, 2) + varint(1) + b"z" + tag(6, 0) + varint(5) + tag(7, 0) + varint(9) + tag(7, 0) + varint(2)
     + tag(7, 2) + varint(3) + varint(1) + varint(3) + varint(2))
case("proto2 message holding a record", "legacy.proto", L.Holder, L.Holder(record=L.Record(id="in", word="w")))

for item in cases:
    print(json.dumps(item, ensure_ascii=False))

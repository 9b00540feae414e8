"""JSON Schema cases judged by Python's jsonschema (4.26, Draft202012Validator and
Draft7Validator with their format checkers on), for evmon's validator: one JSON object per line,
{"name", "draft", "schema" (text), "instance" (text), "valid"}, or {"name", "draft", "schema",
"schemaValid": false} for a schema check_schema refuses.

Numbers are read as Decimal, so that the reference compares them exactly (multipleOf 0.01,
24.50 == 24.5) as the specification says; a Decimal that is whole counts as an integer, as a
float that is whole does.

usage: jsonschema_corpus.py
"""
import json
from decimal import Decimal

from jsonschema import Draft7Validator, Draft202012Validator, validators
from jsonschema.exceptions import SchemaError


def is_integer(checker, instance):
    if isinstance(instance, bool):
        return False
    if isinstance(instance, int):
        return True
    return isinstance(instance, Decimal) and instance.is_finite() and instance == instance.to_integral_value()


def exact(base):
    return validators.extend(base, type_checker=base.TYPE_CHECKER.redefine("integer", is_integer))


DRAFTS = {"2020-12": (Draft202012Validator, exact(Draft202012Validator)), "draft-07": (Draft7Validator, exact(Draft7Validator))}
DRAFT7_URI = "http://json-schema.org/draft-07/schema#"
lines = []


def text_for(draft, schema):
    # evmon tells the draft by $schema (2020-12 when absent): a draft-07 object schema says so.
    if draft == "draft-07" and schema.lstrip().startswith("{"):
        body = schema.lstrip()[1:].lstrip()
        return '{"$schema":"%s"%s%s' % (DRAFT7_URI, "" if body.startswith("}") else ",", body)
    return schema


def case(drafts, name, schema, *instances):
    for draft in drafts.split():
        base, validator_class = DRAFTS[draft]
        text = text_for(draft, schema)
        parsed = json.loads(text, parse_float=Decimal)
        base.check_schema(parsed)
        validator = validator_class(parsed, format_checker=base.FORMAT_CHECKER)
        for instance in instances:
            valid = validator.is_valid(json.loads(instance, parse_float=Decimal))
            lines.append({"name": name, "draft": draft, "schema": text, "instance": instance, "valid": valid})


def bad(drafts, name, schema):
    for draft in drafts.split():
        base, _ = DRAFTS[draft]
        text = text_for(draft, schema)
        try:
            base.check_schema(json.loads(text, parse_float=Decimal))
        except SchemaError:
            lines.append({"name": name, "draft": draft, "schema": text, "schemaValid": False})
            continue
        raise SystemExit("%s (%s): check_schema accepted %s" % (name, draft, text))


BOTH = "2020-12 draft-07"
NEW = "2020-12"
OLD = "draft-07"

case(BOTH, "type", '{"type":"number"}', '1', '1.5', '"1"', 'null', 'true', '[]', '{}')
case(BOTH, "type integer", '{"type":"integer"}', '1', '1.0', '-3', '1.5', '1e3', '"1"', 'true')
case(BOTH, "type list", '{"type":["string","null"]}', '"a"', 'null', '0', 'false')
case(BOTH, "type each", '{"type":"boolean"}', 'true', 'false', '0', '"true"')
case(BOTH, "type object array", '{"type":["object","array"]}', '{}', '[]', '"x"', '1')
case(BOTH, "properties", '{"type":"object","properties":{"id":{"type":"string"},"n":{"type":"integer"}}}',
     '{"id":"a","n":1}', '{"id":1}', '{"n":"x"}', '{}', '{"other":true}', '[]')
case(BOTH, "required", '{"required":["order_id","total"]}', '{"order_id":1,"total":2}', '{"order_id":1}', '{}', '"not an object"')
case(BOTH, "additionalProperties false", '{"properties":{"a":{}},"additionalProperties":false}', '{"a":1}', '{"a":1,"b":2}', '{}')
case(BOTH, "additionalProperties schema", '{"properties":{"a":{}},"additionalProperties":{"type":"string"}}',
     '{"a":1,"b":"x"}', '{"a":1,"b":2}')
case(BOTH, "patternProperties", '{"patternProperties":{"^x-":{"type":"string"},"id$":{"type":"integer"}},"additionalProperties":false}',
     '{"x-a":"s","order_id":3}', '{"x-a":1}', '{"order_id":"3"}', '{"y":1}', '{"x-id":"s"}', '{"x-id":3}')
case(BOTH, "items schema", '{"items":{"type":"number"}}',
     '[1,2,3]', '[1,"2"]', '[]', '"x"')
case(OLD, "items tuple", '{"items":[{"type":"string"},{"type":"number"}]}', '["a",1]', '["a",1,null]', '[1,"a"]', '["a"]')
case(OLD, "additionalItems", '{"items":[{"type":"string"}],"additionalItems":{"type":"integer"}}', '["a",1,2]', '["a",1.5]', '["a"]')
case(OLD, "additionalItems false", '{"items":[{},{}],"additionalItems":false}', '[1,2]', '[1,2,3]')
case(OLD, "additionalItems ignored beside an items schema", '{"items":{"type":"integer"},"additionalItems":false}', '[1,2,3]')
case(NEW, "prefixItems", '{"prefixItems":[{"type":"string"},{"type":"number"}]}', '["a",1]', '["a",1,null]', '[1,"a"]', '["a"]')
case(NEW, "prefixItems and items", '{"prefixItems":[{"type":"string"}],"items":{"type":"integer"}}', '["a",1,2]', '["a",1.5]', '["a"]')
case(NEW, "items false", '{"prefixItems":[{},{}],"items":false}', '[1,2]', '[1,2,3]')
case(NEW, "additionalItems is not a 2020-12 keyword", '{"prefixItems":[{}],"additionalItems":false}', '[1,2,3]')
case(OLD, "prefixItems is not a draft-07 keyword", '{"prefixItems":[{"type":"string"}]}', '[1]')
case(BOTH, "enum", '{"enum":["A","B",3,null,{"k":[1,2]}]}', '"A"', '"FOO"', '3', '3.0', 'null', '{"k":[1,2]}', '{"k":[2,1]}', 'true')
case(BOTH, "enum numbers", '{"enum":[24.50, 1]}', '24.5', '24.50', '24.500', '1.0', 'true', '25')
case(BOTH, "enum false is not 0", '{"enum":[false, 0]}', 'false', '0', '0.0', 'null')
case(BOTH, "const", '{"const":{"a":1,"b":[true,"x"]}}', '{"b":[true,"x"],"a":1.0}', '{"a":1}', '{"a":1,"b":[1,"x"]}')
case(BOTH, "const number", '{"const":0.1}', '0.1', '0.10', '1e-1', '0.2')
case(BOTH, "pattern", '{"pattern":"^[A-Z]{3}-\\\\d+$"}', '"ABC-12"', '"abc-12"', '"ABC-"', '12')
case(BOTH, "pattern unanchored", '{"pattern":"b+c"}', '"aabbbcd"', '"ac"', '""')
case(BOTH, "pattern classes", '{"pattern":"^(?:[a-f0-9]{2}:){2}[a-f0-9]{2}$|^\\\\w+\\\\s\\\\w+$"}', '"0a:1b:ff"', '"0a:1b"', '"hello world"', '"hello  world"')
case(BOTH, "pattern alternation and counts", '{"pattern":"^(cat|dog)s?\\\\.{1,2}x{2,}$"}', '"cats.xx"', '"dog..xxx"', '"cow.xx"', '"cats...xx"', '"dog.x"')
case(BOTH, "pattern escapes", '{"pattern":"^\\\\$\\\\d+(\\\\.\\\\d\\\\d)?$"}', '"$12"', '"$12.50"', '"12"', '"$1.5"')
case(BOTH, "pattern negated class", '{"pattern":"^[^,]*$"}', '"a b"', '"a,b"')
case(BOTH, "pattern on non-ASCII", '{"pattern":"^.{3}$"}', '"\u00e9t\u00e9"', '"\u2713\u2713"', '"\\ud83d\\ude00ab"')
case(BOTH, "minimum maximum", '{"minimum":1.5,"maximum":10}', '1.5', '10', '1.4', '10.01', '"100"')
case(BOTH, "exclusive", '{"exclusiveMinimum":0,"exclusiveMaximum":100}', '0.001', '99.999', '0', '100', '-1')
case(BOTH, "multipleOf", '{"multipleOf":0.01}', '19.99', '20', '0.001', '1e-2', '19.995')
case(BOTH, "multipleOf decimal", '{"multipleOf":0.1}', '0.3', '0.7', '1.05', '-0.2')
case(BOTH, "multipleOf integer", '{"multipleOf":3}', '9', '-12', '10', '4.5', '0')
case(BOTH, "multipleOf fraction divisor", '{"multipleOf":1.5}', '4.5', '3', '4')
case(BOTH, "lengths", '{"minLength":2,"maxLength":3}', '"ab"', '"abc"', '"a"', '"abcd"', '"\u00e9\u00e9"', '"\\ud83d\\ude00"', '"\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00"', '5')
case(BOTH, "combining marks count", '{"maxLength":1}', '"e\u0301"', '"\u00e9"')
case(BOTH, "items counts", '{"minItems":1,"maxItems":2}', '[1]', '[1,2]', '[]', '[1,2,3]', '{}')
case(BOTH, "uniqueItems", '{"uniqueItems":true}', '[1,2,3]', '[1,2,1]', '[1,1.0]', '[{"a":1,"b":2},{"b":2,"a":1}]', '[[1],[true]]',
     '[0,false]', '[null,null]', '["a","A"]', '[]')
case(BOTH, "uniqueItems false", '{"uniqueItems":false}', '[1,1]')
case(BOTH, "properties counts", '{"minProperties":1,"maxProperties":2}', '{"a":1}', '{"a":1,"b":2}', '{}', '{"a":1,"b":2,"c":3}', '[]')
case(BOTH, "allOf", '{"allOf":[{"type":"integer"},{"minimum":3}]}', '3', '2', '3.5')
case(BOTH, "anyOf", '{"anyOf":[{"type":"string","maxLength":2},{"type":"number"}]}', '"ab"', '5', '"abc"', 'null')
case(BOTH, "oneOf", '{"oneOf":[{"type":"integer"},{"minimum":2}]}', '1', '2.5', '3', '1.5')
case(BOTH, "not", '{"not":{"type":"string"}}', '1', '"x"', 'null')
case(BOTH, "if then else", '{"if":{"properties":{"kind":{"const":"card"}},"required":["kind"]},"then":{"required":["card_number"]},"else":{"required":["iban"]}}',
     '{"kind":"card","card_number":"4"}', '{"kind":"card","iban":"x"}', '{"kind":"bank","iban":"x"}', '{"iban":"x"}', '{}')
case(BOTH, "if then only", '{"if":{"type":"string"},"then":{"minLength":2}}', '"ab"', '"a"', '1')
case(BOTH, "then without if", '{"then":false,"else":false}', '1')
case(BOTH, "contains", '{"contains":{"type":"string"}}', '[1,"a"]', '[1,2]', '[]', '"x"')
case(NEW, "minContains maxContains", '{"contains":{"type":"string"},"minContains":2,"maxContains":3}', '["a","b"]', '["a"]', '["a","b","c","d"]', '[1,2]')
case(BOTH, "propertyNames", '{"propertyNames":{"pattern":"^[a-z_]+$"}}', '{"ok_name":1}', '{"Bad":1}', '{}')
case(BOTH, "boolean schemas", 'true', '1', 'null', '{}')
case(BOTH, "false schema", 'false', '1', 'null', '{}')
case(BOTH, "boolean subschemas", '{"properties":{"a":true,"b":false}}', '{"a":1}', '{"b":1}', '{}')
case(BOTH, "empty object schema", '{}', '1', '"x"', '[{}]')
case(BOTH, "unknown keywords are ignored", '{"x-note":"free","description":"d","title":"t","examples":[1]}', '2')

# Formats, asserted.
case(BOTH, "date-time", '{"format":"date-time"}', '"2026-12-07T10:15:30Z"', '"2026-12-07T10:15:30.123456+01:00"', '"2026-12-07t10:15:30z"',
     '"2026-12-07 10:15:30Z"', '"2026-12-07T10:15:30"', '"2026-13-07T10:15:30Z"', '"2026-02-29T10:15:30Z"', '"2024-02-29T10:15:30Z"',
     '"2026-12-07T24:00:00Z"', '"2026-12-07T10:60:00Z"', '"2026-12-07T10:15:30.Z"', '"2026-12-07T10:15:30+0100"', '"0000-01-01T00:00:00Z"', '12')
case(BOTH, "date", '{"format":"date"}', '"2026-12-07"', '"2026-12-7"', '"2026-02-30"', '"2000-02-29"', '"1900-02-29"', '"2026-12-07T00:00:00Z"',
     '"20261207"', '"0000-01-01"', 'null')
case(BOTH, "time", '{"format":"time"}', '"10:15:30Z"', '"10:15:30.5-05:30"', '"23:59:59+00:00"', '"10:15:30"', '"25:00:00Z"', '"10:15Z"', '"1:15:30Z"')
case(NEW, "uuid", '{"format":"uuid"}', '"6f1c2a9e-4b7d-4a1e-9d2f-1a2b3c4d5e6f"', '"6F1C2A9E-4B7D-4A1E-9D2F-1A2B3C4D5E6F"',
     '"6f1c2a9e4b7d4a1e9d2f1a2b3c4d5e6f"', '"6f1c2a9e-4b7d-4a1e-9d2f-1a2b3c4d5e6"', '"6f1c2a9e-4b7d-4a1e-9d2f-1a2b3c4d5e6g"', '7')
case(OLD, "uuid in draft-07", '{"format":"uuid"}', '"6f1c2a9e-4b7d-4a1e-9d2f-1a2b3c4d5e6f"')
case(BOTH, "email", '{"format":"email"}', '"ada@example.com"', '"first.last+tag@mail.example.org"', '"not-an-email"', '"x@y"', '5')
case(BOTH, "unknown formats are annotations", '{"format":"x-custom"}', '"anything"')

# References.
case(BOTH, "ref to defs", '{"$defs":{"price":{"type":"number","minimum":0}},"properties":{"p":{"$ref":"#/$defs/price"}}}', '{"p":1}', '{"p":-1}', '{"p":"1"}')
case(BOTH, "ref to definitions", '{"definitions":{"id":{"type":"string"}},"items":{"$ref":"#/definitions/id"}}', '["a"]', '[1]')
case(BOTH, "ref escapes", '{"$defs":{"a/b":{"type":"integer"},"c~d":{"type":"string"},"e f":{"type":"null"}},'
     '"properties":{"x":{"$ref":"#/$defs/a~1b"},"y":{"$ref":"#/$defs/c~0d"},"z":{"$ref":"#/$defs/e%20f"}}}',
     '{"x":1,"y":"s","z":null}', '{"x":"1"}', '{"y":1}', '{"z":1}')
case(BOTH, "ref into properties", '{"properties":{"a":{"type":"integer"},"b":{"$ref":"#/properties/a"}}}', '{"b":1}', '{"b":"x"}')
case(BOTH, "ref to an array item", '{"anyOf":[{"type":"null"},{"type":"string"}],"properties":{"s":{"$ref":"#/anyOf/1"}}}', '{"s":"x"}', '{"s":1}')
case(BOTH, "recursive ref", '{"type":"object","properties":{"value":{"type":"integer"},"children":{"type":"array","items":{"$ref":"#"}}},"required":["value"]}',
     '{"value":1,"children":[{"value":2,"children":[]},{"value":3}]}', '{"value":1,"children":[{"value":2,"children":[{"children":[]}]}]}')
case(NEW, "ref beside other keywords (2020-12 applies both)", '{"$defs":{"s":{"type":"string"}},"$ref":"#/$defs/s","maxLength":2}', '"ab"', '"abc"', '1')
case(OLD, "ref beside other keywords (draft-07 ignores them)", '{"definitions":{"s":{"type":"string"}},"$ref":"#/definitions/s","maxLength":2}', '"ab"', '"abc"', '1')
case(NEW, "anchor", '{"$defs":{"x":{"$anchor":"item","type":"integer"}},"items":{"$ref":"#item"}}', '[1]', '["1"]')

# A contract as users write them.
order = ('{"type":"object","required":["order_id","payload"],"properties":{"order_id":{"type":"string","pattern":"^ord-[0-9]+$"},'
         '"payload":{"type":"object","properties":{"items":{"type":"array","minItems":1,"items":{"type":"object","required":["sku","price"],'
         '"properties":{"sku":{"type":"string"},"price":{"type":"number","exclusiveMinimum":0,"multipleOf":0.01},'
         '"currency":{"enum":["EUR","USD"]}},"additionalProperties":false}},"placed_at":{"type":"string","format":"date-time"}}}}}')
case(BOTH, "order contract", order,
     '{"order_id":"ord-1","payload":{"items":[{"sku":"a","price":24.50,"currency":"EUR"}],"placed_at":"2026-12-07T10:00:00Z"}}',
     '{"order_id":"ord-1","payload":{"items":[{"sku":"a","price":24.505}]}}',
     '{"order_id":"ord-1","payload":{"items":[{"sku":"a","price":"24.50"}]}}',
     '{"order_id":"ord-1","payload":{"items":[{"sku":"a","price":1,"currency":"GBP"}]}}',
     '{"order_id":"ord-1","payload":{"items":[{"sku":"a","price":1,"colour":"red"}]}}',
     '{"order_id":"ord-1","payload":{"items":[]}}',
     '{"order_id":"ORD-1","payload":{}}',
     '{"payload":{}}',
     '{"order_id":"ord-1","payload":{"placed_at":"yesterday"}}')

# Schemas that are not valid.
bad(BOTH, "type not a type", '{"type":"float"}')
bad(BOTH, "type of the wrong type", '{"type":5}')
bad(BOTH, "type list repeats", '{"type":["string","string"]}')
bad(BOTH, "minimum as a string", '{"minimum":"3"}')
bad(BOTH, "exclusiveMinimum boolean", '{"exclusiveMinimum":true}')
bad(BOTH, "multipleOf zero", '{"multipleOf":0}')
bad(BOTH, "minLength negative", '{"minLength":-1}')
bad(BOTH, "maxItems fractional", '{"maxItems":1.5}')
bad(BOTH, "required not a list", '{"required":"id"}')
bad(BOTH, "required repeats", '{"required":["a","a"]}')
bad(BOTH, "properties a list", '{"properties":[]}')
bad(BOTH, "property schema a number", '{"properties":{"a":1}}')
bad(BOTH, "pattern not a regex", '{"pattern":"[a-"}')
bad(BOTH, "pattern unbalanced", '{"pattern":"(ab"}')
bad(BOTH, "patternProperties key not a regex", '{"patternProperties":{"(":{}}}')
bad(BOTH, "enum not a list", '{"enum":3}')
bad(BOTH, "allOf empty", '{"allOf":[]}')
bad(BOTH, "anyOf not a list", '{"anyOf":{}}')
bad(BOTH, "not a number", '{"not":3}')
bad(BOTH, "uniqueItems a string", '{"uniqueItems":"yes"}')
bad(BOTH, "format a number", '{"format":5}')
bad(BOTH, "additionalProperties a string", '{"additionalProperties":"no"}')
bad(NEW, "items a list in 2020-12", '{"items":[{}]}')
bad(OLD, "items an empty list in draft-07", '{"items":[]}')
bad(BOTH, "ref a number", '{"$ref":5}')

for line in lines:
    print(json.dumps(line))

"""A FileDescriptorProto as .proto text, as a schema registry answers for the descriptors
confluent-kafka's ProtobufSerializer registers (base64 of the serialized descriptor): the
stand-in registry stores what the real one would give back. Covers what the tests' files use:
proto2 and proto3 labels, proto3 optional, nested messages and enums, oneofs, maps, json_name,
packed, enum aliases and imports."""
from google.protobuf import descriptor_pb2

SCALARS = {1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64", 7: "fixed32", 8: "bool",
           9: "string", 12: "bytes", 13: "uint32", 15: "sfixed32", 16: "sfixed64", 17: "sint32", 18: "sint64"}


def camel(name):
    parts = name.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def type_name(field):
    return field.type_name if field.type_name else SCALARS[field.type]


def field_line(field, syntax, maps, in_oneof=False):
    options = []
    if field.json_name and field.json_name != camel(field.name):
        options.append(f'json_name = "{field.json_name}"')
    if field.options.HasField("packed"):
        options.append(f"packed = {'true' if field.options.packed else 'false'}")
    suffix = f" [{', '.join(options)}]" if options else ""
    entry = maps.get(field.type_name)
    if entry is not None:
        key, value = entry.field[0], entry.field[1]
        return f"map<{type_name(key)}, {type_name(value)}> {field.name} = {field.number}{suffix};"
    label = ""
    if field.label == 3:
        label = "repeated "
    elif in_oneof:
        label = ""
    elif syntax == "proto3":
        label = "optional " if field.proto3_optional else ""
    else:
        label = "required " if field.label == 2 else "optional "
    return f"{label}{type_name(field)} {field.name} = {field.number}{suffix};"


def enum_lines(enum, indent):
    lines = [f"{indent}enum {enum.name} {{"]
    numbers = [v.number for v in enum.value]
    if len(set(numbers)) != len(numbers):
        lines.append(f"{indent}  option allow_alias = true;")
    lines += [f"{indent}  {v.name} = {v.number};" for v in enum.value]
    return lines + [f"{indent}}}"]


def message_lines(message, syntax, scope, indent):
    full = f"{scope}.{message.name}"
    maps = {f"{full}.{n.name}": n for n in message.nested_type if n.options.map_entry}
    # Nested messages first: a map field's entry type then follows them, as in the descriptor's
    # own nested_type order (protoc adds it where the map field is), which message indexes count.
    lines = [f"{indent}message {message.name} {{"]
    for nested in message.nested_type:
        if not nested.options.map_entry:
            lines += message_lines(nested, syntax, full, indent + "  ")
    for enum in message.enum_type:
        lines += enum_lines(enum, indent + "  ")
    done = set()
    for field in message.field:
        real_oneof = field.HasField("oneof_index") and not field.proto3_optional
        if not real_oneof:
            lines.append(f"{indent}  {field_line(field, syntax, maps)}")
            continue
        if field.oneof_index in done:
            continue
        done.add(field.oneof_index)
        lines.append(f"{indent}  oneof {message.oneof_decl[field.oneof_index].name} {{")
        for member in message.field:
            if member.HasField("oneof_index") and member.oneof_index == field.oneof_index and not member.proto3_optional:
                lines.append(f"{indent}    {field_line(member, syntax, maps, in_oneof=True)}")
        lines.append(f"{indent}  }}")
    return lines + [f"{indent}}}"]


def proto_text(serialized):
    file = descriptor_pb2.FileDescriptorProto()
    file.ParseFromString(serialized)
    syntax = file.syntax or "proto2"
    lines = [f'syntax = "{syntax}";']
    if file.package:
        lines.append(f"package {file.package};")
    for index, dependency in enumerate(file.dependency):
        lines.append(f'import {"public " if index in file.public_dependency else ""}"{dependency}";')
    scope = "." + file.package if file.package else ""
    for message in file.message_type:
        lines += message_lines(message, syntax, scope, "")
    for enum in file.enum_type:
        lines += enum_lines(enum, "")
    return "\n".join(lines) + "\n"

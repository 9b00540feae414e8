import EvmonJSON

/// A Protobuf schema: a `.proto` file (proto2 or proto3) parsed and linked with its imports,
/// what a registry returns for a Protobuf subject.
///
/// Every message and enum of every file lives in one table (`messages`, `enums`) and fields
/// point into it by position, so recursive messages hold no reference cycle. Type names are
/// resolved by protobuf's scoping rules: a relative name is looked up from the innermost scope
/// outwards, a name with a leading `.` from the root. The well-known types'
/// `google/protobuf/*.proto` files are built in.
public struct ProtoSchema: Sendable {
    /// Every message of the file and its imports (map entries and groups included).
    public let messages: [ProtoMessage]
    /// Every enum of the file and its imports.
    public let enums: [ProtoEnum]
    /// The file's own top-level messages in declaration order: message index `[i]`.
    let topLevel: [Int]
    let messagesByName: [String: Int]

    /// Nesting of messages (and of braces in option values) deeper than this is refused.
    public static let maximumDepth = 64
    /// Files in one schema, its imports included (built-in ones too).
    public static let maximumFiles = 128
    /// Messages, fields, enums, values and oneofs of all files together.
    public static let maximumDeclarations = 100_000

    init(messages: [ProtoMessage], enums: [ProtoEnum], topLevel: [Int]) {
        self.messages = messages
        self.enums = enums
        self.topLevel = topLevel
        var byName: [String: Int] = [:]
        for message in messages { byName[message.fullName] = message.index }
        messagesByName = byName
    }

    /// Parses `text`, a `.proto` file, with the files it imports: `imports` maps each import's
    /// name as written (`"common/money.proto"`) to its text, as a registry's schema references
    /// do. The well-known types' files need no entry. `name` is how errors name the file.
    public static func parse(_ text: [UInt8], imports: [String: [UInt8]] = [:], name: String = "schema.proto") throws(ProtobufError) -> ProtoSchema {
        var linker = ProtoLinker(imports: imports)
        return try linker.link(text, name: name)
    }

    /// The message a registry frame's message indexes point to: `[0]` the file's first
    /// top-level message, `[1, 0]` the first message nested in the second one.
    public func message(at indexes: [Int]) throws(ProtobufError) -> ProtoMessage {
        guard let first = indexes.first else { throw ProtobufError("an empty message index path points to no message") }
        guard topLevel.indices.contains(first) else {
            throw ProtobufError("message index \(indexes) points to no message (the file has \(topLevel.count) top-level messages)")
        }
        var message = messages[topLevel[first]]
        for index in indexes.dropFirst() {
            guard message.nested.indices.contains(index) else {
                throw ProtobufError("message index \(indexes) points to no message (\(message.fullName) has \(message.nested.count) nested messages)")
            }
            message = messages[message.nested[index]]
        }
        return message
    }

    /// The message called `fullName` (`"shop.Order"`, a leading `.` allowed), in the file or
    /// its imports.
    public func message(named fullName: String) -> ProtoMessage? {
        let name = fullName.hasPrefix(".") ? String(fullName.dropFirst()) : fullName
        return messagesByName[name].map { messages[$0] }
    }
}

/// One message type.
public struct ProtoMessage: Sendable {
    /// `package.Outer.Name`.
    public let fullName: String
    /// In declaration order.
    public let fields: [ProtoField]
    /// The oneofs' names; `ProtoField.oneof` points here.
    public let oneofs: [String]
    /// Its position in `ProtoSchema.messages`.
    public let index: Int
    /// Nested messages in declaration order (map entries and groups included), as positions in
    /// `ProtoSchema.messages`.
    public let nested: [Int]
    /// Whether protoc made it for a `map` field: field 1 the key, field 2 the value.
    public let isMapEntry: Bool
    /// Set for the well-known types whose JSON is special.
    let wellKnown: ProtoWellKnown?
    /// Field positions by number, for numbers below 256 (most): no hashing per tag.
    let smallNumbers: [Int32]
    let largeNumbers: [Int32: Int]

    init(fullName: String, fields: [ProtoField], oneofs: [String], index: Int, nested: [Int], isMapEntry: Bool) {
        self.fullName = fullName
        self.fields = fields
        self.oneofs = oneofs
        self.index = index
        self.nested = nested
        self.isMapEntry = isMapEntry
        wellKnown = ProtoWellKnown(rawValue: fullName)
        var small = [Int32](repeating: -1, count: min(256, Int(fields.map(\.number).max() ?? 0) + 1))
        var large: [Int32: Int] = [:]
        for (position, field) in fields.enumerated() {
            if field.number < small.count { small[Int(field.number)] = Int32(position) } else { large[field.number] = position }
        }
        smallNumbers = small
        largeNumbers = large
    }

    /// The position in `fields` of field number `number`.
    @inline(__always)
    func fieldPosition(_ number: UInt64) -> Int? {
        if number < UInt64(smallNumbers.count) {
            let position = smallNumbers[Int(number)]
            return position < 0 ? nil : Int(position)
        }
        return largeNumbers.isEmpty ? nil : largeNumbers[Int32(truncatingIfNeeded: number)]
    }

    /// The field whose JSON name (or proto name) is `name`.
    public func field(named name: String) -> ProtoField? {
        fields.first { $0.jsonName == name } ?? fields.first { $0.name == name }
    }
}

/// One field of a message.
public struct ProtoField: Sendable {
    /// As declared (`unit_price`; a group's field is its name lowercased).
    public let name: String
    /// lowerCamelCase (`unitPrice`) or the field's `json_name`.
    public let jsonName: String
    public let number: Int32
    public let type: ProtoFieldType
    public let isRepeated: Bool
    /// Whether absence is told apart from the default: message fields, proto3 `optional`,
    /// every singular proto2 field, oneof members. Fields without it print their default.
    public let hasPresence: Bool
    /// Whether an encoder writes it packed (proto3 repeated scalars unless `[packed=false]`;
    /// proto2 only with `[packed=true]`). Decoders accept either.
    public let isPacked: Bool
    /// A proto2 group: its message is delimited by start and end tags.
    public let isGroup: Bool
    /// The oneof it belongs to, a position in `ProtoMessage.oneofs`.
    public let oneof: Int?
    /// `"jsonName":` as JSON, written once here rather than escaped again for every message.
    let key: [UInt8]

    init(name: String, jsonName: String, number: Int32, type: ProtoFieldType, isRepeated: Bool, hasPresence: Bool, isPacked: Bool, isGroup: Bool, oneof: Int?) {
        self.name = name
        self.jsonName = jsonName
        self.number = number
        self.type = type
        self.isRepeated = isRepeated
        self.hasPresence = hasPresence
        self.isPacked = isPacked
        self.isGroup = isGroup
        self.oneof = oneof
        var key: [UInt8] = []
        JSONOutput.appendString(jsonName, to: &key)
        key.append(UInt8(ascii: ":"))
        self.key = key
    }

    /// The wire type its values come in (one value, not packed).
    var wireType: UInt8 {
        switch type {
        case .scalar(let scalar): scalar.wireType
        case .enumeration: 0
        case .message: isGroup ? 3 : 2
        }
    }
}

/// What a field holds.
public enum ProtoFieldType: Sendable, Equatable {
    case scalar(ProtoScalar)
    /// An enum: a position in `ProtoSchema.enums`.
    case enumeration(Int)
    /// A message (or a map's entry, or a group's message): a position in `ProtoSchema.messages`.
    case message(Int)
}

/// Protobuf's scalar types, named as `.proto` files name them.
public enum ProtoScalar: String, Sendable {
    case double, float, int64, uint64, int32, fixed64, fixed32, bool, string, bytes, uint32, sfixed32, sfixed64, sint32, sint64

    /// 0 varint, 1 eight bytes, 2 length-delimited, 5 four bytes.
    var wireType: UInt8 {
        switch self {
        case .int64, .uint64, .int32, .uint32, .bool, .sint32, .sint64: 0
        case .fixed64, .sfixed64, .double: 1
        case .string, .bytes: 2
        case .fixed32, .sfixed32, .float: 5
        }
    }

    /// Whether a map may be keyed by it.
    var isMapKey: Bool {
        switch self {
        case .double, .float, .bytes: false
        default: true
        }
    }
}

/// One enum type.
public struct ProtoEnum: Sendable {
    /// `package.Outer.Name`.
    public let fullName: String
    /// Declaration order; aliases (`allow_alias`) share a number.
    public let values: [(name: String, number: Int32)]
    /// A proto2 enum is closed: a number it lacks is an unknown field, not a value.
    public let isClosed: Bool
    /// The first name declared for each number, for JSON.
    let names: [Int32: String]

    init(fullName: String, values: [(name: String, number: Int32)], isClosed: Bool) {
        self.fullName = fullName
        self.values = values
        self.isClosed = isClosed
        var names: [Int32: String] = [:]
        for value in values where names[value.number] == nil { names[value.number] = value.name }
        self.names = names
    }

    /// `google.protobuf.NullValue`, whose JSON is always `null`.
    var isNullValue: Bool { fullName == "google.protobuf.NullValue" }
}

/// The well-known types whose JSON form is not a plain object of their fields.
enum ProtoWellKnown: String, Sendable {
    case any = "google.protobuf.Any"
    case timestamp = "google.protobuf.Timestamp"
    case duration = "google.protobuf.Duration"
    case empty = "google.protobuf.Empty"
    case fieldMask = "google.protobuf.FieldMask"
    case structure = "google.protobuf.Struct"
    case value = "google.protobuf.Value"
    case listValue = "google.protobuf.ListValue"
    case doubleValue = "google.protobuf.DoubleValue"
    case floatValue = "google.protobuf.FloatValue"
    case int64Value = "google.protobuf.Int64Value"
    case uint64Value = "google.protobuf.UInt64Value"
    case int32Value = "google.protobuf.Int32Value"
    case uint32Value = "google.protobuf.UInt32Value"
    case boolValue = "google.protobuf.BoolValue"
    case stringValue = "google.protobuf.StringValue"
    case bytesValue = "google.protobuf.BytesValue"

    /// A wrapper's JSON is its `value` field's.
    var isWrapper: Bool {
        switch self {
        case .doubleValue, .floatValue, .int64Value, .uint64Value, .int32Value, .uint32Value, .boolValue, .stringValue, .bytesValue: true
        default: false
        }
    }
}

/// Names as protoc derives them.
enum ProtoNames {
    /// `unit_price` → `unitPrice` (or `UnitPrice`): underscores dropped, the letter after one
    /// capitalized, as protoc's `ToJsonName` and map-entry naming do.
    static func camelCase(_ name: String, capitalizeFirst: Bool) -> String {
        var result: [UInt8] = []
        var capitalizeNext = capitalizeFirst
        for byte in name.utf8 {
            if byte == UInt8(ascii: "_") {
                capitalizeNext = true
            } else if capitalizeNext {
                result.append(byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte)
                capitalizeNext = false
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

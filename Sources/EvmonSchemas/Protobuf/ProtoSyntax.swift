/// A `.proto` file as written, before its type names are resolved (`ProtoLinker` does that
/// across the file and its imports).
struct ProtoFileSyntax {
    var name: String
    var isProto3 = false
    var package = ""
    var imports: [String] = []
    var messages: [ProtoMessageSyntax] = []
    var enums: [ProtoEnumSyntax] = []
}

struct ProtoMessageSyntax {
    var name: String
    var fields: [ProtoFieldSyntax] = []
    var oneofs: [String] = []
    /// Nested messages in declaration order, the entries protoc makes for `map` fields and the
    /// messages of `group`s included where their fields stand: the registry's message indexes
    /// count them.
    var nested: [ProtoMessageSyntax] = []
    var enums: [ProtoEnumSyntax] = []
    var isMapEntry = false
}

struct ProtoFieldSyntax {
    enum Label { case none, optional, required, repeated }
    enum TypeName {
        case scalar(ProtoScalar)
        /// A message or enum name as written: relative, dotted, or full with a leading `.`.
        case named(String)
        /// A message nested in the field's own message (a group's, a map's entry).
        case nested(String)
    }

    var name: String
    var number: Int32
    var label: Label
    var type: TypeName
    var jsonName: String?
    var packed: Bool?
    var oneof: Int?
    var isGroup = false
    var line: Int
    var column: Int
}

struct ProtoEnumSyntax {
    var name: String
    var values: [(name: String, number: Int32)] = []
    var allowAlias = false
    var line: Int
    var column: Int
}

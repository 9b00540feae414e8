/// Parses a file and its imports, then resolves every type name into one `ProtoSchema`.
///
/// All files share one symbol table: a name any loaded file declares is visible to all (protoc
/// is stricter: only a file's direct and public imports). Nothing valid reads differently for
/// that, and a registry's references are a closed set anyway.
struct ProtoLinker {
    private let imports: [String: [UInt8]]
    private var declarationsLeft = ProtoSchema.maximumDeclarations

    private enum Symbol {
        case package
        case message(Int)
        case enumeration(Int)
    }

    /// A message with its file's facts, before its fields are resolved.
    private struct Pending {
        var fullName: String
        var syntax: ProtoMessageSyntax
        var file: String
        var isProto3: Bool
        var nested: [Int]
    }

    private var symbols: [String: Symbol] = [:]
    private var pending: [Pending] = []
    private var enums: [ProtoEnum] = []

    init(imports: [String: [UInt8]]) {
        self.imports = imports
    }

    mutating func link(_ text: [UInt8], name: String) throws(ProtobufError) -> ProtoSchema {
        var files = [try parse(text, name: name)]
        var loaded: Set<String> = [name]
        var next = 0
        while next < files.count {
            for imported in files[next].imports where loaded.insert(imported).inserted {
                let importedText: [UInt8]
                if let given = imports[imported] {
                    importedText = given
                } else if let builtIn = ProtoWellKnownFiles.texts[imported] {
                    importedText = Array(builtIn.utf8)
                } else {
                    throw ProtobufError("\(files[next].name) imports \"\(imported)\", which is neither among the schema's references nor built in")
                }
                guard loaded.count <= ProtoSchema.maximumFiles else { throw ProtobufError("more than \(ProtoSchema.maximumFiles) files imported") }
                files.append(try parse(importedText, name: imported))
            }
            next += 1
        }
        var topLevel: [Int] = []
        for (position, file) in files.enumerated() {
            var prefix = ""
            for part in file.package.split(separator: ".") {
                prefix += prefix.isEmpty ? String(part) : "." + part
                if case .message? = symbols[prefix] { throw ProtobufError("\(file.name): package \(prefix) is also a message's name") }
                if case .enumeration? = symbols[prefix] { throw ProtobufError("\(file.name): package \(prefix) is also an enum's name") }
                symbols[prefix] = .package
            }
            for message in file.messages {
                let id = try register(message, scope: file.package, file: file)
                if position == 0 { topLevel.append(id) }
            }
            for enumeration in file.enums { try register(enumeration, scope: file.package, file: file) }
        }
        var messages: [ProtoMessage] = []
        messages.reserveCapacity(pending.count)
        for (id, message) in pending.enumerated() { messages.append(try resolve(message, id: id)) }
        return ProtoSchema(messages: messages, enums: enums, topLevel: topLevel)
    }

    private mutating func parse(_ text: [UInt8], name: String) throws(ProtobufError) -> ProtoFileSyntax {
        let tokens = try ProtoLexer.tokens(text, file: name)
        var parser = ProtoParser(tokens: tokens, file: name, declarationsLeft: declarationsLeft)
        let file = try parser.file(named: name)
        declarationsLeft = parser.declarationsLeft
        return file
    }

    private static func join(_ scope: String, _ name: String) -> String {
        scope.isEmpty ? name : scope + "." + name
    }

    private mutating func declare(_ fullName: String, _ symbol: Symbol, file: String) throws(ProtobufError) {
        guard symbols[fullName] == nil else { throw ProtobufError("\(file): \(fullName) is defined twice") }
        symbols[fullName] = symbol
    }

    /// Registers a message and everything nested in it; returns its id.
    private mutating func register(_ message: ProtoMessageSyntax, scope: String, file: ProtoFileSyntax) throws(ProtobufError) -> Int {
        let fullName = Self.join(scope, message.name)
        let id = pending.count
        try declare(fullName, .message(id), file: file.name)
        pending.append(Pending(fullName: fullName, syntax: message, file: file.name, isProto3: file.isProto3, nested: []))
        var nested: [Int] = []
        for inner in message.nested { nested.append(try register(inner, scope: fullName, file: file)) }
        for enumeration in message.enums { try register(enumeration, scope: fullName, file: file) }
        pending[id].nested = nested
        return id
    }

    private mutating func register(_ enumeration: ProtoEnumSyntax, scope: String, file: ProtoFileSyntax) throws(ProtobufError) {
        let fullName = Self.join(scope, enumeration.name)
        if !enumeration.allowAlias {
            var seen: Set<Int32> = []
            for value in enumeration.values where !seen.insert(value.number).inserted {
                throw ProtobufError("\(file.name):\(enumeration.line):\(enumeration.column): enum \(fullName) uses \(value.number) twice (option allow_alias = true allows that)")
            }
        }
        if file.isProto3, enumeration.values.first?.number != 0 {
            throw ProtobufError("\(file.name):\(enumeration.line):\(enumeration.column): the first value of proto3 enum \(fullName) must be 0")
        }
        try declare(fullName, .enumeration(enums.count), file: file.name)
        // Enum values are siblings of their enum in protobuf's scoping (C++ rules).
        enums.append(ProtoEnum(fullName: fullName, values: enumeration.values, isClosed: !file.isProto3))
    }

    private func resolve(_ message: Pending, id: Int) throws(ProtobufError) -> ProtoMessage {
        var fields: [ProtoField] = []
        var numbers: Set<Int32> = []
        var names: Set<String> = []
        for field in message.syntax.fields {
            func fault(_ what: String) -> ProtobufError {
                ProtobufError("\(message.file):\(field.line):\(field.column): \(what)")
            }
            guard numbers.insert(field.number).inserted else { throw fault("\(message.fullName) uses field number \(field.number) twice") }
            guard names.insert(field.name).inserted else { throw fault("\(message.fullName) has field \(field.name) twice") }
            let type: ProtoFieldType
            switch field.type {
            case .scalar(let scalar):
                type = .scalar(scalar)
            case .nested(let name):
                guard case .message(let nested)? = symbols[Self.join(message.fullName, name)] else { throw fault("\(name) is not a message") }
                type = .message(nested)
            case .named(let name):
                type = try lookUp(name, from: message.fullName, fault: fault)
            }
            if message.syntax.isMapEntry, field.number == 2, case .message(let value) = type, pending[value].syntax.isMapEntry {
                throw fault("a map's value cannot be a map")
            }
            let repeated = field.label == .repeated
            var isMessage = false
            if case .message = type { isMessage = true }
            let packable: Bool
            switch type {
            case .scalar(let scalar): packable = scalar.wireType != 2
            case .enumeration: packable = true
            case .message: packable = false
            }
            if field.packed == true, !(repeated && packable) { throw fault("only repeated scalar fields can be packed") }
            fields.append(
                ProtoField(
                    name: field.name, jsonName: field.jsonName ?? ProtoNames.camelCase(field.name, capitalizeFirst: false),
                    number: field.number, type: type, isRepeated: repeated,
                    hasPresence: !repeated && (!message.isProto3 || field.label == .optional || field.oneof != nil || isMessage || message.syntax.isMapEntry),
                    isPacked: repeated && packable && (field.packed ?? message.isProto3), isGroup: field.isGroup, oneof: field.oneof))
        }
        return ProtoMessage(
            fullName: message.fullName, fields: fields, oneofs: message.syntax.oneofs, index: id, nested: message.nested,
            isMapEntry: message.syntax.isMapEntry)
    }

    /// Protobuf's scoping: a full name (`.a.B`) from the root; a relative one by its first part,
    /// searched from the innermost scope outwards, then the rest inside what that found.
    private func lookUp(_ name: String, from scope: String, fault: (String) -> ProtobufError) throws(ProtobufError) -> ProtoFieldType {
        func type(_ symbol: Symbol?) -> ProtoFieldType? {
            switch symbol {
            case .message(let id)?: .message(id)
            case .enumeration(let id)?: .enumeration(id)
            default: nil
            }
        }
        if name.hasPrefix(".") {
            guard let found = type(symbols[String(name.dropFirst())]) else { throw fault("unknown type \(name)") }
            return found
        }
        let first = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
        var current = Substring(scope)
        while true {
            let candidate = current.isEmpty ? first : current + "." + first
            if symbols[candidate] != nil {
                let full = current.isEmpty ? name : current + "." + name
                if let found = type(symbols[full]) { return found }
                // protoc stops at the first scope holding the first part; so do we.
                throw fault("unknown type \(name): \(candidate) has no \(name.dropFirst(first.count + 1))")
            }
            guard !current.isEmpty else { break }
            current = current.lastIndex(of: ".").map { current[..<$0] } ?? ""
        }
        throw fault("unknown type \(name) in \(scope)")
    }
}

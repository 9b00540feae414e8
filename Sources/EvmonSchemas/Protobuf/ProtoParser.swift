/// Reads one `.proto` file (proto2 or proto3) into its syntax: messages, enums, fields, oneofs,
/// maps and groups. Options are read only where they change decoding (`packed`, `json_name`,
/// `allow_alias`) and skipped, balanced, everywhere else; services, `extend` blocks,
/// extensions and reserved ranges are read and dropped.
///
/// Hostile text is an error at its line and column, never a trap: nesting and the number of
/// declarations are bounded (`ProtoSchema.maximumDepth`, `maximumDeclarations`).
struct ProtoParser {
    private let tokens: [ProtoToken]
    private let file: String
    private var position = 0
    private var depth = 0
    /// Declarations still allowed, shared by every file of one schema.
    var declarationsLeft: Int

    init(tokens: [ProtoToken], file: String, declarationsLeft: Int) {
        self.tokens = tokens
        self.file = file
        self.declarationsLeft = declarationsLeft
    }

    private var current: ProtoToken { tokens[position] }

    private func fault(_ what: String, at token: ProtoToken? = nil) -> ProtobufError {
        let token = token ?? current
        return ProtobufError("\(file):\(token.line):\(token.column): \(what)")
    }

    private mutating func advance() -> ProtoToken {
        let token = tokens[position]
        if token.kind != .end { position += 1 }
        return token
    }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }
    private func isWord(_ word: String) -> Bool { current.kind == .identifier && current.text == word }

    private mutating func expect(_ symbol: String, _ context: String) throws(ProtobufError) {
        guard isSymbol(symbol) else { throw fault("expected '\(symbol)' \(context), found \(current.quoted)") }
        position += 1
    }

    private mutating func identifier(_ context: String) throws(ProtobufError) -> String {
        guard current.kind == .identifier else { throw fault("expected \(context), found \(current.quoted)") }
        return advance().text
    }

    /// `a.b.c`, or `.a.b.c` for a full name.
    private mutating func dottedName(_ context: String) throws(ProtobufError) -> String {
        var name = ""
        if isSymbol(".") {
            position += 1
            name = "."
        }
        name += try identifier(context)
        while isSymbol(".") {
            position += 1
            name += "." + (try identifier(context))
        }
        return name
    }

    private mutating func declared() throws(ProtobufError) {
        declarationsLeft -= 1
        guard declarationsLeft >= 0 else { throw fault("more than \(ProtoSchema.maximumDeclarations) declarations") }
    }

    // MARK: - File

    mutating func file(named name: String) throws(ProtobufError) -> ProtoFileSyntax {
        var file = ProtoFileSyntax(name: name)
        if isWord("syntax") || isWord("edition") {
            let keyword = advance()
            try expect("=", "after '\(keyword.text)'")
            guard current.kind == .string else { throw fault("expected the syntax as a string, found \(current.quoted)") }
            let syntax = advance()
            guard keyword.text == "syntax" else { throw fault("editions are not supported, only proto2 and proto3", at: syntax) }
            switch syntax.text {
            case "proto3": file.isProto3 = true
            case "proto2": file.isProto3 = false
            default: throw fault("unknown syntax \"\(syntax.text)\": expected \"proto2\" or \"proto3\"", at: syntax)
            }
            try expect(";", "after the syntax")
        }
        var sawPackage = false
        while current.kind != .end {
            if isSymbol(";") {
                position += 1
                continue
            }
            let keyword = try identifier("a declaration (message, enum, import, …)")
            switch keyword {
            case "package":
                guard !sawPackage else { throw fault("a second package", at: tokens[position - 1]) }
                sawPackage = true
                file.package = try dottedName("the package name")
                guard !file.package.hasPrefix(".") else { throw fault("a package name starting with '.'") }
                try expect(";", "after the package")
            case "import":
                if isWord("public") || isWord("weak") { position += 1 }
                guard current.kind == .string else { throw fault("expected the imported file's name as a string, found \(current.quoted)") }
                file.imports.append(advance().text)
                try expect(";", "after the import")
            case "option":
                try option()
            case "message":
                file.messages.append(try message(isProto3: file.isProto3))
            case "enum":
                file.enums.append(try enumeration())
            case "service":
                _ = try identifier("the service's name")
                try skipBlock()
            case "extend":
                _ = try dottedName("the extended message's name")
                try skipBlock()
            default:
                throw fault("unexpected '\(keyword)': expected message, enum, service, extend, import, package or option", at: tokens[position - 1])
            }
        }
        return file
    }

    // MARK: - Messages

    private mutating func message(isProto3: Bool) throws(ProtobufError) -> ProtoMessageSyntax {
        try declared()
        let name = try identifier("the message's name")
        var message = ProtoMessageSyntax(name: name)
        try body(of: &message, isProto3: isProto3)
        return message
    }

    /// `{ … }` of a message or a group.
    private mutating func body(of message: inout ProtoMessageSyntax, isProto3: Bool) throws(ProtobufError) {
        depth += 1
        guard depth <= ProtoSchema.maximumDepth else { throw fault("messages nest deeper than \(ProtoSchema.maximumDepth) levels") }
        try expect("{", "to open message \(message.name)")
        while !isSymbol("}") {
            guard current.kind != .end else { throw fault("message \(message.name) never ends ('}' missing)") }
            try member(of: &message, isProto3: isProto3, oneof: nil)
        }
        position += 1
        depth -= 1
    }

    private mutating func member(of message: inout ProtoMessageSyntax, isProto3: Bool, oneof: Int?) throws(ProtobufError) {
        if isSymbol(";") {
            position += 1
            return
        }
        guard current.kind == .identifier || isSymbol(".") else { throw fault("expected a field or a declaration in \(message.name), found \(current.quoted)") }
        // A keyword only where a field could not stand: `message message = 1;` is a field.
        let next = tokens[min(position + 1, tokens.count - 1)]
        let startsDeclaration = current.kind == .identifier && next.kind == .identifier && oneof == nil
        switch current.text {
        case "message" where startsDeclaration:
            position += 1
            message.nested.append(try self.message(isProto3: isProto3))
        case "enum" where startsDeclaration:
            position += 1
            message.enums.append(try enumeration())
        case "oneof" where startsDeclaration:
            position += 1
            try declared()
            let name = try identifier("the oneof's name")
            message.oneofs.append(name)
            let index = message.oneofs.count - 1
            try expect("{", "to open oneof \(name)")
            while !isSymbol("}") {
                guard current.kind != .end else { throw fault("oneof \(name) never ends ('}' missing)") }
                if isWord("option") {
                    position += 1
                    try option()
                } else {
                    try member(of: &message, isProto3: isProto3, oneof: index)
                }
            }
            position += 1
        case "option" where next.kind != .symbol || next.text == "(":
            position += 1
            try option()
        case "reserved" where next.kind != .symbol || next.text == "-", "extensions" where next.kind != .symbol || next.text == "-":
            position += 1
            try skipStatement()
        case "extend" where startsDeclaration || next.text == ".":
            position += 1
            _ = try dottedName("the extended message's name")
            try skipBlock()
        default:
            try field(of: &message, isProto3: isProto3, oneof: oneof)
        }
    }

    private mutating func field(of message: inout ProtoMessageSyntax, isProto3: Bool, oneof: Int?) throws(ProtobufError) {
        try declared()
        let start = current
        var label = ProtoFieldSyntax.Label.none
        if oneof == nil, current.kind == .identifier, tokens[position + 1].kind == .identifier || tokens[position + 1].text == "." {
            switch current.text {
            case "optional": label = .optional
            case "required": label = .required
            case "repeated": label = .repeated
            default: break
            }
            if label != .none { position += 1 }
        }
        if label == .required, isProto3 { throw fault("required fields are not allowed in proto3", at: start) }
        if label == .none, !isProto3, oneof == nil, !isWord("map") {
            throw fault("a proto2 field needs a label (optional, required or repeated)", at: start)
        }
        if isWord("map"), tokens[position + 1].text == "<" {
            guard label == .none else { throw fault("a map field cannot have a label", at: start) }
            guard oneof == nil else { throw fault("a map field cannot be in a oneof", at: start) }
            try mapField(of: &message, isProto3: isProto3, start: start)
            return
        }
        if isWord("group"), tokens[position + 1].kind == .identifier {
            position += 1
            let groupToken = current
            let groupName = try identifier("the group's name")
            guard let first = groupName.utf8.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else {
                throw fault("a group's name must start with a capital letter", at: groupToken)
            }
            try expect("=", "after the group's name")
            let number = try fieldNumber()
            var field = ProtoFieldSyntax(
                name: groupName.lowercased(), number: number, label: label, type: .nested(groupName), oneof: oneof, isGroup: true,
                line: start.line, column: start.column)
            if isSymbol("[") { try fieldOptions(&field) }
            var group = ProtoMessageSyntax(name: groupName)
            try body(of: &group, isProto3: isProto3)
            message.nested.append(group)
            message.fields.append(field)
            return
        }
        let typeName = try dottedName("a field type")
        let type: ProtoFieldSyntax.TypeName = ProtoScalar(rawValue: typeName).map { .scalar($0) } ?? .named(typeName)
        let name = try identifier("the field's name")
        try expect("=", "after field \(name)")
        var field = ProtoFieldSyntax(name: name, number: try fieldNumber(), label: label, type: type, oneof: oneof, line: start.line, column: start.column)
        if isSymbol("[") { try fieldOptions(&field) }
        try expect(";", "after field \(name)")
        message.fields.append(field)
    }

    /// `map<K, V> name = N;`: a repeated field of an entry message nested in this one, as protoc makes it.
    private mutating func mapField(of message: inout ProtoMessageSyntax, isProto3: Bool, start: ProtoToken) throws(ProtobufError) {
        position += 2
        let keyToken = current
        let keyName = try identifier("the map's key type")
        guard let key = ProtoScalar(rawValue: keyName), key.isMapKey else {
            throw fault("a map key must be an integer, bool or string type, not \(keyName)", at: keyToken)
        }
        try expect(",", "between the map's key and value types")
        let valueName = try dottedName("the map's value type")
        let value: ProtoFieldSyntax.TypeName = ProtoScalar(rawValue: valueName).map { .scalar($0) } ?? .named(valueName)
        try expect(">", "after the map's value type")
        let name = try identifier("the field's name")
        try expect("=", "after field \(name)")
        let entryName = ProtoNames.camelCase(name, capitalizeFirst: true) + "Entry"
        var field = ProtoFieldSyntax(name: name, number: try fieldNumber(), label: .repeated, type: .nested(entryName), line: start.line, column: start.column)
        if isSymbol("[") { try fieldOptions(&field) }
        try expect(";", "after field \(name)")
        var entry = ProtoMessageSyntax(name: entryName, isMapEntry: true)
        entry.fields = [
            ProtoFieldSyntax(name: "key", number: 1, label: .optional, type: .scalar(key), line: start.line, column: start.column),
            ProtoFieldSyntax(name: "value", number: 2, label: .optional, type: value, line: start.line, column: start.column),
        ]
        message.nested.append(entry)
        message.fields.append(field)
    }

    private mutating func fieldNumber() throws(ProtobufError) -> Int32 {
        let token = current
        guard let value = try integer(), value >= 1, value <= 536_870_911 else {
            throw fault("a field number must be from 1 to 536870911", at: token)
        }
        guard !(19_000...19_999).contains(value) else { throw fault("field numbers 19000 to 19999 are reserved for protobuf itself", at: token) }
        return Int32(value)
    }

    /// `[packed = true, json_name = "x", default = 3, (custom) = {…}]`
    private mutating func fieldOptions(_ field: inout ProtoFieldSyntax) throws(ProtobufError) {
        position += 1
        while true {
            let name = try optionName()
            try expect("=", "after option \(name)")
            switch name {
            case "packed":
                guard current.kind == .identifier, current.text == "true" || current.text == "false" else {
                    throw fault("packed must be true or false")
                }
                field.packed = advance().text == "true"
            case "json_name":
                guard current.kind == .string else { throw fault("json_name must be a string") }
                field.jsonName = try stringConstant()
            default:
                try skipConstant()
            }
            if isSymbol(",") {
                position += 1
                continue
            }
            try expect("]", "to close the field's options")
            return
        }
    }

    // MARK: - Enums

    private mutating func enumeration() throws(ProtobufError) -> ProtoEnumSyntax {
        try declared()
        let start = current
        let name = try identifier("the enum's name")
        var result = ProtoEnumSyntax(name: name, line: start.line, column: start.column)
        try expect("{", "to open enum \(name)")
        while !isSymbol("}") {
            guard current.kind != .end else { throw fault("enum \(name) never ends ('}' missing)") }
            if isSymbol(";") {
                position += 1
                continue
            }
            let valueToken = current
            let valueName = try identifier("an enum value")
            if valueName == "option", !isSymbol("=") {
                let option = try optionName()
                try expect("=", "after option \(option)")
                if option == "allow_alias" {
                    guard current.kind == .identifier, current.text == "true" || current.text == "false" else { throw fault("allow_alias must be true or false") }
                    result.allowAlias = advance().text == "true"
                } else {
                    try skipConstant()
                }
                try expect(";", "after the option")
                continue
            }
            if valueName == "reserved", !isSymbol("=") {
                try skipStatement()
                continue
            }
            try declared()
            try expect("=", "after enum value \(valueName)")
            let numberToken = current
            guard let number = try integer(), let narrow = Int32(exactly: number) else { throw fault("an enum value must be a 32-bit integer", at: numberToken) }
            if isSymbol("[") {
                position += 1
                while true {
                    _ = try optionName()
                    try expect("=", "after the option's name")
                    try skipConstant()
                    if isSymbol(",") { position += 1; continue }
                    try expect("]", "to close the value's options")
                    break
                }
            }
            try expect(";", "after enum value \(valueName)")
            guard !result.values.contains(where: { $0.name == valueName }) else { throw fault("enum \(name) has value \(valueName) twice", at: valueToken) }
            result.values.append((valueName, narrow))
        }
        position += 1
        guard !result.values.isEmpty else { throw fault("enum \(name) has no values", at: start) }
        return result
    }

    // MARK: - Options and skipping

    /// `option name = constant;` at file, message or oneof level, skipped.
    private mutating func option() throws(ProtobufError) {
        let name = try optionName()
        try expect("=", "after option \(name)")
        try skipConstant()
        try expect(";", "after option \(name)")
    }

    /// `name`, `a.b`, `(custom.ext).field`.
    private mutating func optionName() throws(ProtobufError) -> String {
        var name = ""
        repeat {
            if !name.isEmpty { position += 1; name += "." }
            if isSymbol("(") {
                position += 1
                name += "(" + (try dottedName("an option's name")) + ")"
                try expect(")", "to close the option's name")
            } else {
                name += try identifier("an option's name")
            }
        } while isSymbol(".")
        return name
    }

    /// One option value: a number (signed), an identifier, strings (adjacent ones join), or a
    /// `{ … }` aggregate in text format, skipped with its nesting balanced.
    private mutating func skipConstant() throws(ProtobufError) {
        if isSymbol("-") || isSymbol("+") { position += 1 }
        switch current.kind {
        case .identifier, .number:
            position += 1
        case .string:
            _ = try stringConstant()
        case .symbol where current.text == "{":
            try skipBalanced()
        default:
            throw fault("expected an option value, found \(current.quoted)")
        }
    }

    private mutating func stringConstant() throws(ProtobufError) -> String {
        var text = ""
        while current.kind == .string { text += advance().text }
        return text
    }

    /// From an opening `{`, `[` or `(` to its match, nesting bounded.
    private mutating func skipBalanced() throws(ProtobufError) {
        var open: [String] = []
        repeat {
            let token = advance()
            guard token.kind != .end else { throw fault("a '\(open.last ?? "{")' that is never closed") }
            guard token.kind == .symbol else { continue }
            switch token.text {
            case "{", "[", "(":
                open.append(token.text)
                guard open.count <= ProtoSchema.maximumDepth else { throw fault("braces nest deeper than \(ProtoSchema.maximumDepth) levels", at: token) }
            case "}", "]", ")":
                let expected = ["{": "}", "[": "]", "(": ")"][open.last ?? ""]
                guard expected == token.text else { throw fault("'\(token.text)' does not close '\(open.last ?? "")'", at: token) }
                open.removeLast()
            default: break
            }
        } while !open.isEmpty
    }

    /// A `service` or `extend` body: `{ … }`, nothing in it kept.
    private mutating func skipBlock() throws(ProtobufError) {
        guard isSymbol("{") else { throw fault("expected '{', found \(current.quoted)") }
        try skipBalanced()
    }

    /// To the next `;` (reserved ranges and names, extension ranges and their options).
    private mutating func skipStatement() throws(ProtobufError) {
        while !isSymbol(";") {
            guard current.kind != .end else { throw fault("expected ';', found the end of the file") }
            if isSymbol("[") || isSymbol("{") { try skipBalanced() } else { position += 1 }
        }
        position += 1
    }

    /// An integer literal, decimal, hex (`0x`) or octal (`0…`), with an optional `-`; `nil`
    /// past 64 bits or when not an integer.
    private mutating func integer() throws(ProtobufError) -> Int64? {
        var negative = false
        if isSymbol("-") {
            negative = true
            position += 1
        }
        guard current.kind == .number else { throw fault("expected a number, found \(current.quoted)") }
        let text = advance().text
        var digits = Substring(text)
        var radix = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            digits = digits.dropFirst(2)
            radix = 16
        } else if digits.count > 1, digits.hasPrefix("0") {
            digits = digits.dropFirst()
            radix = 8
        }
        guard let magnitude = UInt64(digits, radix: radix) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return Int64(exactly: magnitude)
    }
}

extension JSONValue {
    /// The value written as compact JSON, for "why" messages; long values are cut at `limit`
    /// characters with an ellipsis, so a failure line stays a line.
    public func compactText(limit: Int = 120) -> String {
        var output: [UInt8] = []
        append(to: &output, limit: limit)
        var text = String(decoding: output.prefix(limit), as: UTF8.self)
        if output.count > limit { text += "…" }
        return text
    }

    /// The canonical text of a value used as a correlation key: strings as they are, numbers
    /// without a trailing `.0`, anything else as compact JSON.
    public var keyText: String {
        switch self {
        case .string(let text): return text
        case .number(let number): return Self.numberText(number)
        default: return compactText(limit: 1_000)
        }
    }

    /// `3` rather than `3.0`, as jq prints whole numbers.
    public static func numberText(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    private func append(to output: inout [UInt8], limit: Int) {
        guard output.count <= limit else { return }
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: Self.numberText(number).utf8)
        case .string(let text): JSONOutput.appendString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                element.append(to: &output, limit: limit)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONOutput.appendString(member.name, to: &output)
                output.append(UInt8(ascii: ":"))
                member.value.append(to: &output, limit: limit)
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}

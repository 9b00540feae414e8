import EvmonJSON
import EvmonModel

/// Decodes Avro binary data to JSON text, for people and for evmon's filters and watches.
///
/// The JSON is what the writer was given, not Avro's own JSON encoding: a union's value is
/// written as the value of its branch (no `{"type": …}` wrapper), bytes and fixed as evmon
/// writes bytes everywhere (a string when UTF-8, else `{"base64": …}`), NaN and the infinities
/// as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`. Logical types are written as people
/// read them: a decimal as a string of its digits (`"1234.50"`: no precision lost), a uuid as
/// its text, a date as `2026-12-07`, a time of day as `10:15:30.123` (or six digits for
/// micros), a timestamp as ISO 8601 in UTC (`…Z`; local timestamps without the `Z`), a
/// duration as `{"months","days","milliseconds"}`.
///
/// Hostile input is an error, never a trap or an exhausted machine: every length and count is
/// checked against the bytes that remain, recursion is bounded, and a value must use up its
/// bytes exactly.
public struct AvroDecoder {
    private let bytes: UnsafeRawBufferPointer
    private let named: [String: AvroType]
    private var index = 0
    private var depth = 0
    /// Array and map items this value may still have, all blocks together: one per byte, and
    /// a million more for items of a type that takes no bytes (null, an empty record).
    private var itemsLeft: Int64

    /// Recursive types may nest this deep in one value.
    public static let maximumDepth = 256

    private init(_ bytes: UnsafeRawBufferPointer, named: [String: AvroType]) {
        self.bytes = bytes
        self.named = named
        itemsLeft = Int64(bytes.count) + 1_000_000
    }

    /// `bytes`, which must be one value of `schema`, as JSON text.
    public static func json(_ bytes: [UInt8], schema: AvroSchema) throws(AvroError) -> [UInt8] {
        try json(bytes, from: 0, schema: schema)
    }

    /// The value of `schema` that `bytes` hold from `start` on (after a registry's frame, read
    /// in place rather than copied out).
    public static func json(_ bytes: [UInt8], from start: Int, schema: AvroSchema) throws(AvroError) -> [UInt8] {
        let result = bytes.withUnsafeBytes { whole -> Result<[UInt8], AvroError> in
            let raw = UnsafeRawBufferPointer(rebasing: whole[min(start, whole.count)...])
            return Result { () throws(AvroError) -> [UInt8] in
                var decoder = AvroDecoder(raw, named: schema.named)
                var output: [UInt8] = []
                output.reserveCapacity(raw.count * 2 + 16)
                try decoder.value(schema.root, into: &output)
                guard decoder.index == raw.count else {
                    throw AvroError("\(raw.count - decoder.index) bytes left after the value: the schema does not fit the data")
                }
                return output
            }
        }
        return try result.get()
    }

    private mutating func value(_ type: AvroType, into output: inout [UInt8]) throws(AvroError) {
        switch type {
        case .null: output.append(literal: "null")
        case .boolean:
            let byte = try take(1)[0]
            guard byte <= 1 else { throw fault("a boolean byte of \(byte)") }
            output.append(literal: byte == 1 ? "true" : "false")
        case .int: output.append(decimal: Int64(try int()))
        case .long: output.append(decimal: try long())
        case .float: Self.appendNumber(Double(Float(bitPattern: try littleEndian(4).littleEndianUInt32)), to: &output)
        case .double: Self.appendNumber(Double(bitPattern: try littleEndian(8)), to: &output)
        case .bytes: JSONOutput.appendBytes(try lengthPrefixed(), to: &output)
        case .string: JSONOutput.appendBytes(try lengthPrefixed(), to: &output)
        case .fixed(_, let size): JSONOutput.appendBytes(Array(try take(size)), to: &output)
        case .enumeration(let name, let symbols):
            let position = try int()
            guard symbols.indices.contains(Int(position)) else { throw fault("enum \(name) has no symbol \(position)") }
            JSONOutput.appendString(symbols[Int(position)], to: &output)
        case .union(let branches):
            let branch = try long()
            guard branch >= 0, branch < branches.count else { throw fault("a union has no branch \(branch) (it has \(branches.count))") }
            try nested { (decoder) throws(AvroError) in try decoder.value(branches[Int(branch)], into: &output) }
        case .named(let name):
            guard let type = named[name] else { throw fault("type \(name) is not in the schema") }
            try nested { (decoder) throws(AvroError) in try decoder.value(type, into: &output) }
        case .record(_, let fields):
            try nested { (decoder) throws(AvroError) in
                output.append(UInt8(ascii: "{"))
                for (position, field) in fields.enumerated() {
                    if position > 0 { output.append(UInt8(ascii: ",")) }
                    output.append(contentsOf: field.key)
                    try decoder.value(field.type, into: &output)
                }
                output.append(UInt8(ascii: "}"))
            }
        case .array(let items):
            try nested { (decoder) throws(AvroError) in
                output.append(UInt8(ascii: "["))
                var first = true
                try decoder.blocks { (decoder) throws(AvroError) in
                    if !first { output.append(UInt8(ascii: ",")) }
                    first = false
                    try decoder.value(items, into: &output)
                }
                output.append(UInt8(ascii: "]"))
            }
        case .map(let values):
            try nested { (decoder) throws(AvroError) in
                output.append(UInt8(ascii: "{"))
                var first = true
                try decoder.blocks { (decoder) throws(AvroError) in
                    if !first { output.append(UInt8(ascii: ",")) }
                    first = false
                    // A key must be a JSON string: one that is not UTF-8 breaks the format.
                    let key = try decoder.lengthPrefixed()
                    guard let text = String(validating: key, as: UTF8.self) else { throw decoder.fault("a map key that is not UTF-8") }
                    JSONOutput.appendString(text, to: &output)
                    output.append(UInt8(ascii: ":"))
                    try decoder.value(values, into: &output)
                }
                output.append(UInt8(ascii: "}"))
            }
        case .logical(let logical, let base):
            try self.logical(logical, base, into: &output)
        }
    }

    private mutating func logical(_ logical: AvroLogicalType, _ base: AvroType, into output: inout [UInt8]) throws(AvroError) {
        switch logical {
        case .decimal(_, let scale):
            let unscaled: [UInt8]
            if case .fixed(_, let size) = base { unscaled = Array(try take(size)) } else { unscaled = try lengthPrefixed() }
            // Its text costs the square of its length: no precision the schema allows needs more.
            guard unscaled.count <= AvroDecimal.maximumBytes else { throw fault("a decimal of \(unscaled.count) bytes") }
            output.append(UInt8(ascii: "\""))
            AvroDecimal.append(twosComplement: unscaled, scale: scale, to: &output)
            output.append(UInt8(ascii: "\""))
        case .uuid:
            try value(base, into: &output)
        case .date:
            let days = try int()
            let (year, month, day) = Timestamps.civilDate(daysSinceEpoch: Int(days))
            output.append(UInt8(ascii: "\""))
            AvroTime.appendDate(year: year, month: month, day: day, to: &output)
            output.append(UInt8(ascii: "\""))
        case .timeMillis:
            try AvroTime.appendTimeOfDay(Int64(try int()), perSecond: 1_000, digits: 3, to: &output)
        case .timeMicros:
            try AvroTime.appendTimeOfDay(try long(), perSecond: 1_000_000, digits: 6, to: &output)
        case .timestampMillis, .localTimestampMillis:
            AvroTime.appendTimestamp(try long(), perSecond: 1_000, digits: 3, utc: logical == .timestampMillis, to: &output)
        case .timestampMicros, .localTimestampMicros:
            AvroTime.appendTimestamp(try long(), perSecond: 1_000_000, digits: 6, utc: logical == .timestampMicros, to: &output)
        case .timestampNanos, .localTimestampNanos:
            AvroTime.appendTimestamp(try long(), perSecond: 1_000_000_000, digits: 9, utc: logical == .timestampNanos, to: &output)
        case .duration:
            let raw = try take(12)
            func part(_ offset: Int) -> Int64 {
                Int64(UInt32(raw[offset]) | UInt32(raw[offset + 1]) << 8 | UInt32(raw[offset + 2]) << 16 | UInt32(raw[offset + 3]) << 24)
            }
            output.append(literal: #"{"months":"#)
            output.append(decimal: part(0))
            output.append(literal: #","days":"#)
            output.append(decimal: part(4))
            output.append(literal: #","milliseconds":"#)
            output.append(decimal: part(8))
            output.append(UInt8(ascii: "}"))
        }
    }

    // MARK: - Reading

    /// Array and map items come in blocks: a count (negative: followed by the block's size in
    /// bytes), then that many items, until a count of zero.
    private mutating func blocks(_ item: (inout AvroDecoder) throws(AvroError) -> Void) throws(AvroError) {
        while true {
            var count = try long()
            if count == 0 { return }
            if count < 0 {
                guard count != .min else { throw fault("a block count of \(count)") }
                count = -count
                let size = try long()
                guard size >= 0, size <= bytes.count - index else { throw fault("a block of \(size) bytes, past the end") }
            }
            // Counted against one budget for the whole value, so that many blocks of nulls cannot
            // add up to more than the data could hold.
            guard count <= itemsLeft else { throw fault("\(count) more items than the data can hold") }
            itemsLeft -= count
            for _ in 0..<count { try item(&self) }
        }
    }

    private mutating func nested(_ body: (inout AvroDecoder) throws(AvroError) -> Void) throws(AvroError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw fault("values nest deeper than \(Self.maximumDepth) levels") }
        try body(&self)
        depth -= 1
    }

    private mutating func int() throws(AvroError) -> Int32 {
        let value = try long()
        guard let narrow = Int32(exactly: value) else { throw fault("an int of \(value), past 32 bits") }
        return narrow
    }

    /// A zigzag varint of at most 10 bytes.
    private mutating func long() throws(AvroError) -> Int64 {
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < bytes.count else { throw fault("the data ends inside a number") }
            let byte = bytes[index]
            index += 1
            guard shift < 64, shift < 63 || byte <= 1 else { throw fault("a number longer than 64 bits") }
            raw |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    private mutating func lengthPrefixed() throws(AvroError) -> [UInt8] {
        let length = try long()
        guard length >= 0, length <= bytes.count - index else { throw fault("a length of \(length), past the end of the data") }
        return Array(try take(Int(length)))
    }

    private mutating func take(_ count: Int) throws(AvroError) -> UnsafeRawBufferPointer {
        guard count <= bytes.count - index else { throw fault("the data ends \(count - (bytes.count - index)) bytes short") }
        defer { index += count }
        return UnsafeRawBufferPointer(rebasing: bytes[index..<index + count])
    }

    private mutating func littleEndian(_ count: Int) throws(AvroError) -> UInt64 {
        var value: UInt64 = 0
        for (position, byte) in try take(count).enumerated() { value |= UInt64(byte) << (8 * UInt64(position)) }
        return value
    }

    private func fault(_ what: String) -> AvroError {
        AvroError("\(what) at byte \(index)")
    }

    /// A number as JSON has it; the ones JSON has not as strings.
    static func appendNumber(_ number: Double, to output: inout [UInt8]) {
        if number.isNaN {
            output.append(literal: #""NaN""#)
        } else if number.isInfinite {
            output.append(literal: number > 0 ? #""Infinity""# : #""-Infinity""#)
        } else if number == number.rounded(), abs(number) < 1e15 {
            output.append(decimal: Int64(number))
        } else {
            output.append(contentsOf: "\(number)".utf8)
        }
    }
}

extension UInt64 {
    fileprivate var littleEndianUInt32: UInt32 { UInt32(truncatingIfNeeded: self) }
}

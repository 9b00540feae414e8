import EvmonJSON
import EvmonModel

/// A schemaless view of Protobuf binary, like `protoc --decode_raw`, as JSON: an object keyed
/// by field number (`"1"`), a number seen more than once becoming an array in wire order.
/// Varints print as unsigned numbers, fixed32 and fixed64 as unsigned numbers too (both as
/// strings past 2^53, where JSON numbers stop being exact); a group as an object of what it
/// holds. A length-delimited value is, in this order: a string when it is printable UTF-8
/// text, an object when it parses completely as a message (and is not empty), a string when
/// it is UTF-8 at all, else `{"base64": …}`.
///
/// Bytes are refused as not Protobuf unless every tag has a field number from 1 to 2^29 − 1
/// and a wire type of 0, 1, 2, 3 or 5, every end-group tag closes the group open, every length
/// fits, and the message uses up the input exactly. Printable UTF-8 text is refused as well,
/// even when it happens to parse (`" A"` is field 4 = 65): a text value is shown as text.
public enum ProtobufRawDecoder {
    /// `bytes` as the JSON of their fields, or an error saying why they are not Protobuf.
    public static func json(_ bytes: [UInt8]) throws(ProtobufError) -> [UInt8] {
        guard !isPrintableText(bytes[...]) || bytes.isEmpty else { throw ProtobufError("not Protobuf: the bytes are printable text") }
        let result = bytes.withUnsafeBytes { raw -> Result<[UInt8], ProtobufError> in
            Result { () throws(ProtobufError) -> [UInt8] in
                var output: [UInt8] = []
                try object(ProtoWire(bytes: raw), 0..<raw.count, depth: 0, into: &output)
                return output
            }
        }
        do {
            return try result.get()
        } catch {
            throw ProtobufError("not Protobuf: \(error.reason)")
        }
    }

    private static func object(_ wire: ProtoWire, _ range: Range<Int>, depth: Int, into output: inout [UInt8]) throws(ProtobufError) {
        // Fields in first-seen order, each with its values' JSON.
        var numbers: [UInt64] = []
        var values: [[[UInt8]]] = []
        var positions: [UInt64: Int] = [:]
        var index = range.lowerBound
        while index < range.upperBound {
            let tagStart = index
            let (number, type) = try wire.tag(&index, end: range.upperBound)
            var value: [UInt8] = []
            switch type {
            case 0: appendUnsigned(try wire.varint(&index, end: range.upperBound), to: &value)
            case 1: appendUnsigned(try wire.fixed(&index, end: range.upperBound, size: 8), to: &value)
            case 5: appendUnsigned(try wire.fixed(&index, end: range.upperBound, size: 4), to: &value)
            case 2: delimited(wire, try wire.delimited(&index, end: range.upperBound), depth: depth, into: &value)
            default:
                guard let group = try wire.skip(type, number: number, &index, end: range.upperBound, tagStart: tagStart) else { continue }
                try object(wire, group, depth: depth + 1, into: &value)
            }
            if let position = positions[number] {
                values[position].append(value)
            } else {
                positions[number] = numbers.count
                numbers.append(number)
                values.append([value])
            }
        }
        output.append(UInt8(ascii: "{"))
        for (position, number) in numbers.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "\""))
            output.append(decimal: number)
            output.append(literal: #"":"#)
            let seen = values[position]
            if seen.count == 1 {
                output.append(contentsOf: seen[0])
            } else {
                output.append(UInt8(ascii: "["))
                for (offset, value) in seen.enumerated() {
                    if offset > 0 { output.append(UInt8(ascii: ",")) }
                    output.append(contentsOf: value)
                }
                output.append(UInt8(ascii: "]"))
            }
        }
        output.append(UInt8(ascii: "}"))
    }

    private static func delimited(_ wire: ProtoWire, _ range: Range<Int>, depth: Int, into output: inout [UInt8]) {
        let bytes = Array(UnsafeRawBufferPointer(rebasing: wire.bytes[range]))
        if isPrintableText(bytes[...]) {
            return JSONOutput.appendBytes(bytes, to: &output)
        }
        if depth + 1 < ProtobufDecoder.maximumDepth {
            let mark = output.count
            do {
                try object(wire, range, depth: depth + 1, into: &output)
                return
            } catch {
                output.removeSubrange(mark...)
            }
        }
        // A string when UTF-8, else {"base64": …}.
        JSONOutput.appendBytes(bytes, to: &output)
    }

    private static func appendUnsigned(_ value: UInt64, to output: inout [UInt8]) {
        if value <= 1 << 53 {
            output.append(decimal: value)
        } else {
            ProtoNumberText.appendQuoted(value, to: &output)
        }
    }

    /// Valid UTF-8 with no control characters but tab, newline and carriage return.
    static func isPrintableText(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return false }
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        return text.unicodeScalars.allSatisfy { !(0x80...0x9F).contains($0.value) }
    }
}

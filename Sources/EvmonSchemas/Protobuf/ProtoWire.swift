import EvmonModel

/// Reads Protobuf's wire format from one buffer, every length and count checked against the
/// end it is given: a tag is a varint `number << 3 | wire type`; wire types are 0 varint, 1
/// eight bytes, 2 length-delimited, 3 and 4 a group's start and end, 5 four bytes.
struct ProtoWire {
    let bytes: UnsafeRawBufferPointer

    /// Field numbers run from 1 to 2^29 − 1.
    static let maximumFieldNumber: UInt64 = 536_870_911

    func fault(_ what: String, at index: Int) -> ProtobufError {
        ProtobufError("\(what) at byte \(index)")
    }

    /// A varint of at most ten bytes, the tenth holding only the 64th bit.
    @inline(__always)
    func varint(_ index: inout Int, end: Int) throws(ProtobufError) -> UInt64 {
        guard index < end else { throw fault("the data ends inside a varint", at: index) }
        let first = bytes[index]
        if first < 0x80 {
            index += 1
            return UInt64(first)
        }
        let start = index
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard index < end else { throw fault("the data ends inside a varint", at: start) }
            let byte = bytes[index]
            index += 1
            guard shift < 63 || byte <= 1 else { throw fault("a varint longer than 64 bits", at: start) }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// Four or eight bytes, little endian.
    @inline(__always)
    func fixed(_ index: inout Int, end: Int, size: Int) throws(ProtobufError) -> UInt64 {
        guard size <= end - index else { throw fault("\(size == 8 ? "an" : "a") \(size)-byte value past the end of the data", at: index) }
        var value: UInt64 = 0
        for offset in 0..<size { value |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
        index += size
        return value
    }

    /// A length prefix and the bytes it covers.
    @inline(__always)
    func delimited(_ index: inout Int, end: Int) throws(ProtobufError) -> Range<Int> {
        let start = index
        let length = try varint(&index, end: end)
        guard length <= UInt64(end - index) else { throw fault("a length of \(length), past the end of the data", at: start) }
        defer { index += Int(length) }
        return index..<index + Int(length)
    }

    /// A tag: its field number (checked) and wire type.
    @inline(__always)
    func tag(_ index: inout Int, end: Int) throws(ProtobufError) -> (number: UInt64, wire: UInt8) {
        let start = index
        let key = try varint(&index, end: end)
        let number = key >> 3
        guard number >= 1, number <= Self.maximumFieldNumber else { throw fault("a tag with field number \(number)", at: start) }
        return (number, UInt8(key & 7))
    }

    /// Skips one value of `wire` type (groups with what they hold); returns, for a group, the
    /// range of its contents (between its tags).
    func skip(_ wire: UInt8, number: UInt64, _ index: inout Int, end: Int, tagStart: Int) throws(ProtobufError) -> Range<Int>? {
        switch wire {
        case 0: _ = try varint(&index, end: end)
        case 1: _ = try fixed(&index, end: end, size: 8)
        case 2: _ = try delimited(&index, end: end)
        case 5: _ = try fixed(&index, end: end, size: 4)
        case 3: return try group(number, &index, end: end, tagStart: tagStart)
        case 4: throw fault("an end-group tag (field \(number)) with no group open", at: tagStart)
        default: throw fault("wire type \(wire), which does not exist (field \(number))", at: tagStart)
        }
        return nil
    }

    /// From just after a start-group tag to just after its end-group tag, groups inside counted
    /// on a stack of bounded height; returns the group's contents.
    func group(_ number: UInt64, _ index: inout Int, end: Int, tagStart: Int) throws(ProtobufError) -> Range<Int> {
        let contentStart = index
        var open: [UInt64] = [number]
        while true {
            guard index < end else { throw fault("group \(open.last ?? number) never ends", at: tagStart) }
            let innerStart = index
            let (inner, wire) = try tag(&index, end: end)
            switch wire {
            case 3:
                open.append(inner)
                guard open.count <= ProtobufDecoder.maximumDepth else { throw fault("groups nest deeper than \(ProtobufDecoder.maximumDepth) levels", at: innerStart) }
            case 4:
                guard inner == open.last else { throw fault("an end-group tag for field \(inner) inside group \(open.last ?? number)", at: innerStart) }
                open.removeLast()
                if open.isEmpty { return contentStart..<innerStart }
            default:
                _ = try skip(wire, number: inner, &index, end: end, tagStart: innerStart)
            }
        }
    }
}

/// Numbers as the proto3 JSON mapping writes them.
enum ProtoNumberText {
    /// A double; NaN and the infinities as the strings JSON lacks.
    static func append(_ number: Double, to output: inout [UInt8]) {
        if number.isNaN {
            output.append(literal: #""NaN""#)
        } else if number.isInfinite {
            output.append(literal: number > 0 ? #""Infinity""# : #""-Infinity""#)
        } else if number == number.rounded(), abs(number) < 1e15 {
            if number == 0, number.sign == .minus { output.append(literal: "-0") } else { output.append(decimal: Int64(number)) }
        } else {
            output.append(utf8: number.description)
        }
    }

    /// A float as its shortest text that reads back as the same float (`1.1`, not `1.100000023841858`).
    static func append(_ number: Float, to output: inout [UInt8]) {
        if number.isNaN || number.isInfinite || (number == number.rounded() && abs(number) < 1e15) {
            append(Double(number), to: &output)
        } else {
            output.append(utf8: number.description)
        }
    }

    /// A 64-bit integer as a JSON string.
    static func appendQuoted(_ number: Int64, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        output.append(decimal: number)
        output.append(UInt8(ascii: "\""))
    }

    static func appendQuoted(_ number: UInt64, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        output.append(decimal: number)
        output.append(UInt8(ascii: "\""))
    }
}

import NIOCore

/// Decodes RESP2 and RESP3 replies incrementally: feed it bytes as they arrive, in pieces of any
/// size, and it hands back each complete top-level value once all of its bytes are there.
///
/// It keeps the aggregates it has started between calls and consumes exactly the bytes of the
/// elements it has finished, so every byte is parsed once however the input is split (a 250 kB
/// XRANGE reply arriving in 64 kB reads is not re-parsed per read). Bulk strings are copied once,
/// straight from the buffer into their `[UInt8]`.
///
/// Anything malformed or beyond `limits` throws a `RESPDecodingError`; the decoder then stays
/// failed (the rest of the stream cannot be trusted) and throws it again on every call.
///
///     var decoder = RESPDecoder()
///     buffer.writeBytes(Array("*2\r\n:1\r\n".utf8))
///     try decoder.decode(&buffer)   // nil: the array is not complete
///     buffer.writeBytes(Array("$1\r\nx\r\n".utf8))
///     try decoder.decode(&buffer)   // .array([.integer(1), .bulkString([0x78])])
public struct RESPDecoder: Sendable {
    public let limits: RESPLimits
    /// Whether attributes (`|`) are returned wrapped around the value they decorate, or dropped.
    public let keepsAttributes: Bool

    private enum AggregateKind: Sendable {
        case array, set, push, map, attribute
    }

    /// An aggregate whose header was read and whose elements are still arriving.
    private struct Partial: Sendable {
        var kind: AggregateKind
        /// Elements still to come; maps and attributes count keys and values separately.
        var remaining: Int
        var elements: [RESPValue]
        /// A kept attribute waiting for the next element at this level.
        var attributes: [RESPPair]?
    }

    private var stack: [Partial] = []
    /// A kept attribute waiting for the next top-level value.
    private var topLevelAttributes: [RESPPair]?
    private var failure: RESPDecodingError?

    public init(limits: RESPLimits = .default, keepsAttributes: Bool = false) {
        self.limits = limits
        self.keepsAttributes = keepsAttributes
    }

    /// The next complete top-level value in `buffer`, consuming its bytes; `nil` when more bytes
    /// are needed (the bytes of elements already finished are consumed and remembered).
    public mutating func decode(_ buffer: inout ByteBuffer) throws(RESPDecodingError) -> RESPValue? {
        if let failure { throw failure }
        let (consumed, result) = buffer.withUnsafeReadableBytes { bytes in parse(bytes) }
        buffer.moveReaderIndex(forwardBy: consumed)
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            failure = error
            stack = []
            throw error
        }
    }

    /// Whether a value has been started and not finished (bytes of it were consumed).
    public var isInsideValue: Bool { !stack.isEmpty || topLevelAttributes != nil }

    // MARK: - Parsing

    private static let cr: UInt8 = 13
    private static let lf: UInt8 = 10

    /// Parses from the start of `bytes` until one top-level value completes or the bytes run out.
    /// Returns how many bytes were consumed, always at an element boundary.
    private mutating func parse(_ bytes: UnsafeRawBufferPointer) -> (Int, Result<RESPValue?, RESPDecodingError>) {
        var index = 0
        while index < bytes.count {
            let start = index
            let element: RESPValue?
            do {
                guard let (parsed, next) = try readElement(in: bytes, at: index) else { return (start, .success(nil)) }
                index = next
                element = parsed
            } catch {
                return (start, .failure(error))
            }
            // `nil`: an aggregate header was pushed or an attribute completed; keep going.
            guard let value = element else { continue }
            if let topLevel = complete(value) { return (index, .success(topLevel)) }
        }
        return (index, .success(nil))
    }

    /// Reads one element starting at `index`: a scalar value, or an aggregate header (pushed on
    /// the stack; returns a `nil` value). `nil` overall when its bytes are not all there.
    private mutating func readElement(in bytes: UnsafeRawBufferPointer, at index: Int) throws(RESPDecodingError) -> (RESPValue?, Int)? {
        let prefix = bytes[index]
        switch prefix {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "_"),
            UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "("):
            guard let (lineEnd, next) = try line(in: bytes, from: index + 1) else { return nil }
            let line = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<lineEnd])
            return (try Self.scalar(prefix, line), next)
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            return try blob(prefix, in: bytes, at: index)
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
            return try aggregateHeader(prefix, in: bytes, at: index)
        case UInt8(ascii: ";"), UInt8(ascii: "."):
            throw .unsupported("streamed string chunk or end marker ('\(Character(Unicode.Scalar(prefix)))'); Redis does not send streamed replies")
        default:
            throw .unknownPrefix(prefix)
        }
    }

    /// The end of the line starting at `from` (its CR) and the index after its LF; `nil` when the
    /// CRLF has not arrived yet. A CR not followed by LF, or a line over the cap, is an error.
    private func line(in bytes: UnsafeRawBufferPointer, from: Int) throws(RESPDecodingError) -> (Int, Int)? {
        var index = from
        let end = min(bytes.count, from + limits.maximumLineLength + 1)
        while index < end {
            if bytes[index] == Self.cr {
                guard index + 1 < bytes.count else { return nil }
                guard bytes[index + 1] == Self.lf else { throw .malformed("line: CR not followed by LF") }
                return (index, index + 2)
            }
            index += 1
        }
        if end < bytes.count || bytes.count - from > limits.maximumLineLength {
            throw .limitExceeded("line longer than \(limits.maximumLineLength) bytes")
        }
        return nil
    }

    static func scalar(_ prefix: UInt8, _ line: UnsafeRawBufferPointer) throws(RESPDecodingError) -> RESPValue {
        switch prefix {
        case UInt8(ascii: "+"):
            return .simpleString(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: "-"):
            return .error(String(decoding: line, as: UTF8.self))
        case UInt8(ascii: ":"):
            guard let value = decimal(line) else { throw .malformed("integer '\(shown(line))'") }
            return .integer(value)
        case UInt8(ascii: "_"):
            guard line.isEmpty else { throw .malformed("null with data '\(shown(line))'") }
            return .null
        case UInt8(ascii: ","):
            guard let value = double(line) else { throw .malformed("double '\(shown(line))'") }
            return .double(value)
        case UInt8(ascii: "#"):
            guard line.count == 1 else { throw .malformed("boolean '\(shown(line))'") }
            switch line[0] {
            case UInt8(ascii: "t"): return .boolean(true)
            case UInt8(ascii: "f"): return .boolean(false)
            default: throw .malformed("boolean '\(shown(line))'")
            }
        default:  // "("
            let digits = line.first == UInt8(ascii: "-") ? UnsafeRawBufferPointer(rebasing: line.dropFirst()) : line
            guard !digits.isEmpty, digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                throw .malformed("big number '\(shown(line))'")
            }
            return .bigNumber(String(decoding: line, as: UTF8.self))
        }
    }

    /// `$`, `!` or `=`: a length line, then that many bytes and a CRLF.
    private func blob(_ prefix: UInt8, in bytes: UnsafeRawBufferPointer, at index: Int) throws(RESPDecodingError) -> (RESPValue?, Int)? {
        guard let (lineEnd, dataStart) = try line(in: bytes, from: index + 1) else { return nil }
        let text = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<lineEnd])
        if text.first == UInt8(ascii: "?") { throw .unsupported("streamed string ('$?'); Redis does not send streamed replies") }
        guard let length = Self.decimal(text) else { throw .malformed("length '\(Self.shown(text))'") }
        if length == -1, prefix == UInt8(ascii: "$") { return (.null, dataStart) }
        guard length >= 0 else { throw .malformed("negative length \(length)") }
        guard length <= limits.maximumBulkLength else {
            throw .limitExceeded("bulk string of \(length) bytes (at most \(limits.maximumBulkLength))")
        }
        let dataEnd = dataStart + Int(length)
        guard dataEnd + 2 <= bytes.count else { return nil }
        guard bytes[dataEnd] == Self.cr, bytes[dataEnd + 1] == Self.lf else {
            throw .malformed("bulk string of \(length) bytes not followed by CRLF (a lying length)")
        }
        let data = Array(UnsafeRawBufferPointer(rebasing: bytes[dataStart..<dataEnd]))
        switch prefix {
        case UInt8(ascii: "$"):
            return (.bulkString(data), dataEnd + 2)
        case UInt8(ascii: "!"):
            return (.blobError(data), dataEnd + 2)
        default:  // "=": three bytes of format, a colon, then the text.
            guard data.count >= 4, data[3] == UInt8(ascii: ":") else { throw .malformed("verbatim string without 'fmt:' prefix") }
            return (.verbatim(format: String(decoding: data[0..<3], as: UTF8.self), text: Array(data[4...])), dataEnd + 2)
        }
    }

    /// `*`, `~`, `>`, `%` or `|`: pushes the aggregate, or finishes it at once when empty.
    private mutating func aggregateHeader(_ prefix: UInt8, in bytes: UnsafeRawBufferPointer, at index: Int) throws(RESPDecodingError) -> (RESPValue?, Int)? {
        guard let (lineEnd, next) = try line(in: bytes, from: index + 1) else { return nil }
        let text = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<lineEnd])
        let kind: AggregateKind
        switch prefix {
        case UInt8(ascii: "*"): kind = .array
        case UInt8(ascii: "~"): kind = .set
        case UInt8(ascii: ">"): kind = .push
        case UInt8(ascii: "%"): kind = .map
        default: kind = .attribute
        }
        if text.first == UInt8(ascii: "?") {
            throw .unsupported("streamed aggregate ('\(Character(Unicode.Scalar(prefix)))?'); Redis does not send streamed replies")
        }
        guard let count = Self.decimal(text) else { throw .malformed("count '\(Self.shown(text))'") }
        if count == -1, kind == .array { return (.null, next) }
        guard count >= 0 else { throw .malformed("negative count \(count)") }
        guard count <= limits.maximumAggregateCount else {
            throw .limitExceeded("aggregate of \(count) elements (at most \(limits.maximumAggregateCount))")
        }
        if kind == .push, !stack.isEmpty { throw .malformed("push frame nested inside an aggregate") }
        guard stack.count < limits.maximumDepth else { throw .limitExceeded("nesting deeper than \(limits.maximumDepth)") }
        let elementCount = (kind == .map || kind == .attribute) ? Int(count) * 2 : Int(count)
        if elementCount == 0 {
            if kind == .attribute { return (nil, next) }
            return (Self.finished(kind, []), next)
        }
        var elements: [RESPValue] = []
        // A lying count must not reserve memory it never fills.
        elements.reserveCapacity(min(elementCount, 4096))
        stack.append(Partial(kind: kind, remaining: elementCount, elements: elements, attributes: nil))
        return (nil, next)
    }

    /// Adds a finished element to its aggregate, finishing aggregates up the stack; returns the
    /// value when a top-level one is complete.
    private mutating func complete(_ finished: RESPValue) -> RESPValue? {
        var value = finished
        while true {
            guard !stack.isEmpty else {
                if let attributes = topLevelAttributes {
                    topLevelAttributes = nil
                    value = .attributed(attributes: attributes, value: value)
                }
                return value
            }
            let top = stack.count - 1
            if let attributes = stack[top].attributes {
                stack[top].attributes = nil
                value = .attributed(attributes: attributes, value: value)
            }
            stack[top].elements.append(value)
            stack[top].remaining -= 1
            guard stack[top].remaining == 0 else { return nil }
            let done = stack.removeLast()
            if done.kind == .attribute {
                // Auxiliary data: it decorates the next element at the enclosing level and is
                // not itself one of that level's elements.
                if keepsAttributes {
                    let pairs = Self.pairs(done.elements)
                    if stack.isEmpty { topLevelAttributes = pairs } else { stack[stack.count - 1].attributes = pairs }
                }
                return nil
            }
            value = Self.finished(done.kind, done.elements)
        }
    }

    private static func finished(_ kind: AggregateKind, _ elements: [RESPValue]) -> RESPValue {
        switch kind {
        case .array: return .array(elements)
        case .set: return .set(elements)
        case .push: return .push(elements)
        case .map, .attribute: return .map(pairs(elements))
        }
    }

    private static func pairs(_ elements: [RESPValue]) -> [RESPPair] {
        stride(from: 0, to: elements.count - 1, by: 2).map { RESPPair(elements[$0], elements[$0 + 1]) }
    }

    // MARK: - Numbers

    /// A decimal integer (optional minus, at least one digit, no overflow), as RESP writes them.
    static func decimal(_ text: UnsafeRawBufferPointer) -> Int64? {
        guard !text.isEmpty else { return nil }
        var index = 0
        let negative = text[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < text.count else { return nil }
        var value: Int64 = 0
        while index < text.count {
            let digit = Int64(text[index]) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflowA, !overflowB else { return nil }
            value = next
            index += 1
        }
        return value
    }

    /// A RESP3 double: a decimal or exponent form, `inf`, `-inf`, or a NaN as any Redis prints it
    /// (`nan`, `-nan`, `nan(…)` before 7.2).
    static func double(_ text: UnsafeRawBufferPointer) -> Double? {
        let string = String(decoding: text, as: UTF8.self).lowercased()
        if string.hasPrefix("nan") || string.hasPrefix("-nan") { return .nan }
        switch string {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        default: break
        }
        // Swift would also take "infinity" or hex floats; RESP allows only plain decimals here.
        guard !string.isEmpty, string.utf8.allSatisfy({ "0123456789+-.e".utf8.contains($0) }) else { return nil }
        return Double(string)
    }

    /// Up to 40 bytes of a bad line, printable, for error messages.
    static func shown(_ line: UnsafeRawBufferPointer) -> String {
        let text = line.prefix(40).map { (0x20...0x7e).contains($0) ? String(Character(Unicode.Scalar($0))) : "\\x" + String($0, radix: 16) }.joined()
        return line.count > 40 ? text + "…" : text
    }
}

extension RESPDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = RESPValue

    public mutating func decode(buffer: inout ByteBuffer) throws -> RESPValue? { try decode(&buffer) }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> RESPValue? { try decode(&buffer) }
}

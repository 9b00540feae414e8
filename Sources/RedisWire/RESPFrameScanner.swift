import NIOCore

/// Finds where each complete top-level RESP frame ends, without building any value: a
/// resumable scan that remembers how far it got and which aggregates are open, so bytes
/// arriving in pieces are looked at once. It checks everything `RESPDecoder` checks (type
/// bytes, numbers, CRLFs, lying lengths, the caps), so a frame it passes can be parsed in one
/// go from contiguous memory, by `RESPDecoder` or by a parser for one reply shape.
///
///     var scanner = RESPFrameScanner()
///     if let length = try scanner.nextFrameLength(in: buffer) { let frame = buffer.readSlice(length: length)! }
public struct RESPFrameScanner: Sendable {
    public let limits: RESPLimits

    private struct Open: Sendable {
        /// Elements still to come (maps and attributes count keys and values).
        var remaining: Int
        /// An attribute is not an element of its parent: the value after it is.
        var isAttribute: Bool
    }

    /// Bytes of the current frame already scanned (from the reader index), at an element boundary.
    private var scanned = 0
    private var open: [Open] = []
    private var failure: RESPDecodingError?

    public init(limits: RESPLimits = .default) {
        self.limits = limits
    }

    /// The length of the complete frame at `buffer`'s reader index, or `nil` when its bytes are
    /// not all there yet. Consumes nothing; after a frame is returned, the caller must consume
    /// exactly that many bytes before asking again.
    public mutating func nextFrameLength(in buffer: ByteBuffer) throws(RESPDecodingError) -> Int? {
        if let failure { throw failure }
        let result = buffer.withUnsafeReadableBytes { bytes in scan(bytes) }
        switch result {
        case .success(let length):
            return length
        case .failure(let error):
            failure = error
            throw error
        }
    }

    private mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Result<Int?, RESPDecodingError> {
        var index = scanned
        while index < bytes.count {
            let next: Int?
            do {
                next = try element(in: bytes, at: index)
            } catch {
                return .failure(error)
            }
            guard let next else { return incomplete(at: index, buffered: bytes.count) }
            index = next
            if completedFrame() {
                scanned = 0
                open = []
                guard index <= limits.maximumReplyBytes else { return .failure(Self.replyTooLarge(index, limits)) }
                return .success(index)
            }
        }
        return incomplete(at: index, buffered: bytes.count)
    }

    /// Remembers how far the scan got; a reply that has not ended within its byte cap never will
    /// be taken in (its elements may each be small, their total not).
    private mutating func incomplete(at index: Int, buffered: Int) -> Result<Int?, RESPDecodingError> {
        scanned = index
        guard buffered <= limits.maximumReplyBytes else { return .failure(Self.replyTooLarge(buffered, limits)) }
        return .success(nil)
    }

    private static func replyTooLarge(_ bytes: Int, _ limits: RESPLimits) -> RESPDecodingError {
        .limitExceeded("reply over the cap of \(limits.maximumReplyBytes) bytes (\(bytes) read before it ended)")
    }

    /// Scans one element at `index`; returns the index after it (after its header, for an
    /// aggregate, which is pushed), or `nil` when its bytes are incomplete.
    private mutating func element(in bytes: UnsafeRawBufferPointer, at index: Int) throws(RESPDecodingError) -> Int? {
        let prefix = bytes[index]
        switch prefix {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "_"),
            UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "("):
            guard let (lineEnd, next) = try line(in: bytes, from: index + 1) else { return nil }
            _ = try RESPDecoder.scalar(prefix, UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<lineEnd]))
            pendingCompletion = true
            return next
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            guard let (lineEnd, dataStart) = try line(in: bytes, from: index + 1) else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<lineEnd])
            if text.first == UInt8(ascii: "?") { throw .unsupported("streamed string ('$?'); Redis does not send streamed replies") }
            guard let length = RESPDecoder.decimal(text) else { throw .malformed("length '\(RESPDecoder.shown(text))'") }
            pendingCompletion = true
            if length == -1, prefix == UInt8(ascii: "$") { return dataStart }
            guard length >= 0 else { throw .malformed("negative length \(length)") }
            guard length <= limits.maximumBulkLength else {
                throw .limitExceeded("bulk string of \(length) bytes (at most \(limits.maximumBulkLength))")
            }
            let dataEnd = dataStart + Int(length)
            guard dataEnd + 2 <= bytes.count else {
                pendingCompletion = false
                return nil
            }
            guard bytes[dataEnd] == 13, bytes[dataEnd + 1] == 10 else {
                throw .malformed("bulk string of \(length) bytes not followed by CRLF (a lying length)")
            }
            if prefix == UInt8(ascii: "="), length < 4 || bytes[dataStart + 3] != UInt8(ascii: ":") {
                throw .malformed("verbatim string without 'fmt:' prefix")
            }
            return dataEnd + 2
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
            guard let (lineEnd, next) = try line(in: bytes, from: index + 1) else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: bytes[(index + 1)..<lineEnd])
            if text.first == UInt8(ascii: "?") {
                throw .unsupported("streamed aggregate ('\(Character(Unicode.Scalar(prefix)))?'); Redis does not send streamed replies")
            }
            guard let count = RESPDecoder.decimal(text) else { throw .malformed("count '\(RESPDecoder.shown(text))'") }
            if count == -1, prefix == UInt8(ascii: "*") {
                pendingCompletion = true
                return next
            }
            guard count >= 0 else { throw .malformed("negative count \(count)") }
            guard count <= limits.maximumAggregateCount else {
                throw .limitExceeded("aggregate of \(count) elements (at most \(limits.maximumAggregateCount))")
            }
            if prefix == UInt8(ascii: ">"), !open.isEmpty { throw .malformed("push frame nested inside an aggregate") }
            guard open.count < limits.maximumDepth else { throw .limitExceeded("nesting deeper than \(limits.maximumDepth)") }
            let isAttribute = prefix == UInt8(ascii: "|")
            let elements = (isAttribute || prefix == UInt8(ascii: "%")) ? Int(count) * 2 : Int(count)
            if elements == 0 {
                // An empty attribute decorates the next element and is not one itself.
                pendingCompletion = !isAttribute
                return next
            }
            open.append(Open(remaining: elements, isAttribute: isAttribute))
            pendingCompletion = false
            return next
        case UInt8(ascii: ";"), UInt8(ascii: "."):
            throw .unsupported("streamed string chunk or end marker ('\(Character(Unicode.Scalar(prefix)))'); Redis does not send streamed replies")
        default:
            throw .unknownPrefix(prefix)
        }
    }

    /// Whether the element just scanned finished an element (as opposed to opening an aggregate).
    private var pendingCompletion = false

    /// Counts the finished element into the open aggregates; true when a top-level frame is complete.
    private mutating func completedFrame() -> Bool {
        guard pendingCompletion else { return false }
        pendingCompletion = false
        while let top = open.last {
            open[open.count - 1].remaining -= 1
            guard top.remaining - 1 == 0 else { return false }
            open.removeLast()
            // A finished attribute is not an element of its parent; the value it decorates follows.
            if top.isAttribute { return false }
        }
        return true
    }

    private func line(in bytes: UnsafeRawBufferPointer, from: Int) throws(RESPDecodingError) -> (Int, Int)? {
        var index = from
        let end = min(bytes.count, from + limits.maximumLineLength + 1)
        while index < end {
            if bytes[index] == 13 {
                guard index + 1 < bytes.count else { return nil }
                guard bytes[index + 1] == 10 else { throw .malformed("line: CR not followed by LF") }
                return (index, index + 2)
            }
            index += 1
        }
        if end < bytes.count || bytes.count - from > limits.maximumLineLength {
            throw .limitExceeded("line longer than \(limits.maximumLineLength) bytes")
        }
        return nil
    }
}

/// Splits a connection's bytes into complete RESP frames (each a slice of the read buffer, no
/// copy). Malformed input fails the channel with the `RESPDecodingError`.
public struct RESPFrameDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    private var scanner: RESPFrameScanner

    public init(limits: RESPLimits = .default) {
        scanner = RESPFrameScanner(limits: limits)
    }

    /// The next complete frame in `buffer`, consumed; `nil` (nothing consumed) when incomplete.
    public mutating func nextFrame(_ buffer: inout ByteBuffer) throws(RESPDecodingError) -> ByteBuffer? {
        guard let length = try scanner.nextFrameLength(in: buffer) else { return nil }
        return buffer.readSlice(length: length)
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? { try nextFrame(&buffer) }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? { try nextFrame(&buffer) }
}

extension RESPValue {
    /// Decodes one complete frame (as `RESPFrameDecoder` cuts them); throws when it is not
    /// exactly one value.
    public static func decode(frame: ByteBuffer, limits: RESPLimits = .default) throws(RESPDecodingError) -> RESPValue {
        var decoder = RESPDecoder(limits: limits)
        var buffer = frame
        guard let value = try decoder.decode(&buffer), buffer.readableBytes == 0 else {
            throw .malformed("frame that is not exactly one value")
        }
        return value
    }
}

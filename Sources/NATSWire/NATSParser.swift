import NIOCore

/// Reads server operations from bytes as they arrive: call `parse` whenever bytes were appended;
/// it consumes one whole operation from the front of the buffer, or nothing (and returns `nil`)
/// when the operation is not complete yet. A split at any byte is fine.
///
/// Tokens are separated by runs of spaces and tabs (the server writes two spaces where a message
/// has no reply subject), verbs are case-insensitive, and payloads are slices of the buffer.
public struct NATSParser: Sendable {
    /// The longest control line accepted. The server's own limit for clients is 4 KiB; INFO lines
    /// of large clusters run longer, so the client allows more.
    public var controlLineLimit: Int
    /// The largest payload (headers included) accepted. Raised to the server's `max_payload` by
    /// its INFO, but never below `payloadFloor` (JetStream API replies are not bound by it) and
    /// never above `payloadCeiling`, whatever INFO says.
    public var payloadLimit: Int

    public static let defaultControlLineLimit = 64 * 1024
    public static let payloadFloor = 8 * 1024 * 1024
    /// The most a server may raise the limit to: NATS itself refuses a `max_payload` over 64 MB,
    /// so an INFO claiming more (2^62) is not a server evmon should believe.
    public static let payloadCeiling = 64 * 1024 * 1024

    public init(controlLineLimit: Int = NATSParser.defaultControlLineLimit, payloadLimit: Int = NATSParser.payloadFloor) {
        self.controlLineLimit = controlLineLimit
        self.payloadLimit = payloadLimit
    }

    /// The next whole operation at the front of `buffer` (consumed), or `nil` when more bytes are needed.
    public mutating func parse(_ buffer: inout ByteBuffer) throws(NATSWireError) -> NATSServerOp? {
        let plan = buffer.withUnsafeReadableBytes { bytes in Self.plan(bytes, controlLineLimit: controlLineLimit, payloadLimit: payloadLimit) }
        let base = buffer.readerIndex
        switch plan {
        case .needMore:
            return nil
        case .failure(let error):
            throw error
        case .simple(let op, let consumed):
            buffer.moveReaderIndex(forwardBy: consumed)
            return op
        case .info(let json, let consumed):
            let bytes = buffer.getSlice(at: base + json.lowerBound, length: json.count)!
            let info = try NATSServerInfo(json: bytes.readableBytesView)
            if let maxPayload = info.maxPayload { payloadLimit = min(Self.payloadCeiling, max(Self.payloadFloor, maxPayload)) }
            buffer.moveReaderIndex(forwardBy: consumed)
            return .info(info)
        case .message(let shape):
            let subject = buffer.getSlice(at: base + shape.subject.lowerBound, length: shape.subject.count)!
            let reply = shape.reply.map { buffer.getSlice(at: base + $0.lowerBound, length: $0.count)! }
            let headerBlock = shape.headerLength.map { buffer.getSlice(at: base + shape.payloadStart, length: $0)! }
            let headerLength = shape.headerLength ?? 0
            let payload = buffer.getSlice(at: base + shape.payloadStart + headerLength, length: shape.totalLength - headerLength)!
            buffer.moveReaderIndex(forwardBy: shape.payloadStart + shape.totalLength + 2)
            return .message(NATSMessage(subject: subject, sid: shape.sid, reply: reply, headerBlock: headerBlock, payload: payload))
        }
    }

    // MARK: - Planning on raw bytes (no allocation)

    struct MessageShape {
        var subject: Range<Int>
        var sid: UInt64
        var reply: Range<Int>?
        var headerLength: Int?
        var totalLength: Int
        var payloadStart: Int
    }

    enum Plan {
        case needMore
        case failure(NATSWireError)
        case simple(NATSServerOp, consumed: Int)
        case info(json: Range<Int>, consumed: Int)
        case message(MessageShape)
    }

    static func plan(_ bytes: UnsafeRawBufferPointer, controlLineLimit: Int, payloadLimit: Int) -> Plan {
        guard let lineEnd = NATSBytes.findCRLF(bytes, from: 0, limit: controlLineLimit + 2) else {
            return bytes.count >= controlLineLimit + 2 ? .failure(.controlLineTooLong(limit: controlLineLimit)) : .needMore
        }
        var tokens = NATSTokens()
        var position = 0
        let verbStart = NATSBytes.skipBlanks(bytes, from: 0, to: lineEnd)
        position = verbStart
        while position < lineEnd, !NATSBytes.isBlank(bytes[position]) { position += 1 }
        let verb = verbStart..<position
        guard !verb.isEmpty else { return .failure(.malformedOperation("an empty control line")) }
        let afterVerb = position
        let consumed = lineEnd + 2

        switch Verb(bytes, verb) {
        case .msg, .hmsg:
            let isHeaders = Verb(bytes, verb) == .hmsg
            while true {
                position = NATSBytes.skipBlanks(bytes, from: position, to: lineEnd)
                if position == lineEnd { break }
                let start = position
                while position < lineEnd, !NATSBytes.isBlank(bytes[position]) { position += 1 }
                guard tokens.append(start..<position) else { return .failure(.malformedOperation("too many arguments")) }
            }
            return messagePlan(bytes, tokens: tokens, isHeaders: isHeaders, payloadStart: consumed, payloadLimit: payloadLimit)
        case .ping, .pong, .ok:
            guard NATSBytes.skipBlanks(bytes, from: afterVerb, to: lineEnd) == lineEnd else {
                return .failure(.malformedOperation("\(NATSBytes.printable(bytes, verb)) takes no arguments"))
            }
            switch Verb(bytes, verb) {
            case .ping: return .simple(.ping, consumed: consumed)
            case .pong: return .simple(.pong, consumed: consumed)
            default: return .simple(.ok, consumed: consumed)
            }
        case .err:
            var text = NATSBytes.trimmed(bytes, NATSBytes.skipBlanks(bytes, from: afterVerb, to: lineEnd)..<lineEnd)
            if text.count >= 2, bytes[text.lowerBound] == UInt8(ascii: "'"), bytes[text.upperBound - 1] == UInt8(ascii: "'") {
                text = text.lowerBound + 1..<text.upperBound - 1
            }
            return .simple(.error(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[text]), as: UTF8.self)), consumed: consumed)
        case .info:
            let json = NATSBytes.trimmed(bytes, NATSBytes.skipBlanks(bytes, from: afterVerb, to: lineEnd)..<lineEnd)
            guard !json.isEmpty else { return .failure(.malformedOperation("INFO without JSON")) }
            return .info(json: json, consumed: consumed)
        case .unknown:
            return .failure(.unknownOperation(NATSBytes.printable(bytes, verb)))
        }
    }

    private static func messagePlan(_ bytes: UnsafeRawBufferPointer, tokens: NATSTokens, isHeaders: Bool, payloadStart: Int, payloadLimit: Int) -> Plan {
        let name = isHeaders ? "HMSG" : "MSG"
        let sizes = isHeaders ? 2 : 1
        guard tokens.count == 2 + sizes || tokens.count == 3 + sizes else {
            return .failure(.malformedOperation("\(name) takes \(2 + sizes) or \(3 + sizes) arguments, not \(tokens.count)"))
        }
        guard let sid = NATSBytes.decimal(bytes, tokens[1]) else {
            return .failure(.malformedOperation("\(name) sid '\(NATSBytes.printable(bytes, tokens[1]))' is not a number"))
        }
        let reply: Range<Int>? = tokens.count == 3 + sizes ? tokens[2] : nil
        let total = tokens[tokens.count - 1]
        guard let totalLength = NATSBytes.decimal(bytes, total), totalLength <= UInt64(Int.max / 2) else {
            return .failure(.malformedOperation("\(name) size '\(NATSBytes.printable(bytes, total))' is not a number"))
        }
        var headerLength: Int?
        if isHeaders {
            let header = tokens[tokens.count - 2]
            guard let length = NATSBytes.decimal(bytes, header) else {
                return .failure(.malformedOperation("HMSG header size '\(NATSBytes.printable(bytes, header))' is not a number"))
            }
            guard length > 0, length <= totalLength else {
                return .failure(.malformedOperation("HMSG header size \(length) is not within its total size \(totalLength)"))
            }
            headerLength = Int(length)
        }
        guard totalLength <= UInt64(payloadLimit) else { return .failure(.payloadTooLarge(claimed: Int(totalLength), limit: payloadLimit)) }
        let end = payloadStart + Int(totalLength)
        guard bytes.count >= end + 2 else { return .needMore }
        guard bytes[end] == UInt8(ascii: "\r"), bytes[end + 1] == UInt8(ascii: "\n") else { return .failure(.missingPayloadTerminator) }
        return .message(MessageShape(subject: tokens[0], sid: sid, reply: reply, headerLength: headerLength, totalLength: Int(totalLength), payloadStart: payloadStart))
    }

    enum Verb: Equatable {
        case msg, hmsg, ping, pong, ok, err, info, unknown

        init(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
            func `is`(_ word: StaticString) -> Bool {
                guard word.utf8CodeUnitCount == range.count else { return false }
                let letters = word.utf8Start
                for index in 0..<range.count {
                    let byte = bytes[range.lowerBound + index]
                    // ASCII letters compare case-insensitively; `+` and `-` exactly.
                    let folded = (byte >= 0x61 && byte <= 0x7a) ? byte - 0x20 : byte
                    if folded != letters[index] { return false }
                }
                return true
            }
            switch range.count {
            case 3: self = `is`("MSG") ? .msg : `is`("+OK") ? .ok : .unknown
            case 4: self = `is`("HMSG") ? .hmsg : `is`("PING") ? .ping : `is`("PONG") ? .pong : `is`("-ERR") ? .err : `is`("INFO") ? .info : .unknown
            default: self = .unknown
            }
        }
    }
}

/// Up to six argument ranges of one control line, without an array allocation per message.
struct NATSTokens {
    private(set) var count = 0
    private var r0 = 0..<0, r1 = 0..<0, r2 = 0..<0, r3 = 0..<0, r4 = 0..<0, r5 = 0..<0

    mutating func append(_ range: Range<Int>) -> Bool {
        switch count {
        case 0: r0 = range
        case 1: r1 = range
        case 2: r2 = range
        case 3: r3 = range
        case 4: r4 = range
        case 5: r5 = range
        default: return false
        }
        count += 1
        return true
    }

    subscript(index: Int) -> Range<Int> {
        switch index {
        case 0: return r0
        case 1: return r1
        case 2: return r2
        case 3: return r3
        case 4: return r4
        default: return r5
        }
    }
}

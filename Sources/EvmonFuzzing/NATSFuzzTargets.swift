import NATSWire
import NIOCore

/// NATS: the server-op parser (fed whole and byte by byte, which must agree), header blocks and
/// JetStream ack subjects.
enum NATSFuzzTargets {
    static let all = [
        FuzzTarget("nats-parser", run: parser),
        FuzzTarget("nats-headers", run: headers),
    ]

    static func parser(_ bytes: [UInt8]) {
        let whole = ops(bytes, pieces: bytes.count)
        let trickled = ops(bytes, pieces: 1)
        precondition(whole == trickled, "the same ops however the bytes arrive")
        for case .message(let message) in whole.ops {
            _ = try? message.headers()
            _ = JetStreamAck.position(in: message.reply ?? message.subject)
        }
    }

    private struct Parsed: Equatable {
        var ops: [NATSServerOp] = []
        var failure: NATSWireError?
    }

    private static func ops(_ bytes: [UInt8], pieces size: Int) -> Parsed {
        var parser = NATSParser(controlLineLimit: 4096, payloadLimit: 1 << 16)
        var buffer = ByteBuffer()
        var parsed = Parsed()
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + max(1, size))
            buffer.writeBytes(bytes[index..<end])
            index = end
            do {
                while let op = try parser.parse(&buffer) { parsed.ops.append(op) }
            } catch {
                parsed.failure = error
                return parsed
            }
        }
        return parsed
    }

    /// First byte even: a header block; odd: an ack subject.
    static func headers(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let rest = input.rest()
        if bytes.first.map({ $0 & 1 == 0 }) ?? true {
            guard let parsed = try? NATSHeaders(parsing: ByteBuffer(bytes: rest)) else { return }
            // What was read writes back to a block that reads the same.
            if let encoded = try? parsed.encoded() {
                precondition((try? NATSHeaders(parsing: encoded)) == parsed, "headers round-trip")
            }
        } else {
            _ = try? JetStreamAck(parsing: String(decoding: rest, as: UTF8.self))
            _ = JetStreamAck.position(in: ByteBuffer(bytes: rest))
        }
    }
}

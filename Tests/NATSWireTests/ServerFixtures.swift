import NATSWire
import NIOCore
import EvmonTestSupport

/// Server byte sequences as nats-server 2.9.10 sent them, and
/// helpers that feed them to a parser in pieces.
enum ServerFixtures {
    static let info = NATSServerBytes.info
    static let heartbeatBlock = "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 3\r\nNats-Last-Stream: 3\r\n\r\n"
    static let stalledBlock = "NATS/1.0 100 Idle Heartbeat\r\nNats-Last-Consumer: 7834\r\nNats-Last-Stream: 7834\r\nNats-Consumer-Stalled: $JS.FC.BIG.SyRaEg3W.XGKX\r\n\r\n"
    static let flowControlBlock = "NATS/1.0 100 FlowControl Request\r\n\r\n"
    static let noRespondersBlock = "NATS/1.0 503\r\n\r\n"
    static let timeoutBlock = "NATS/1.0 408 Request Timeout\r\nNats-Pending-Messages: 7\r\nNats-Pending-Bytes: 0\r\n\r\n"
    static let userBlock = "NATS/1.0\r\nNats-Msg-Id: m1\r\nX-Trace: abc\r\n\r\n"
    static let ackReply = "$JS.ACK.ORDERS.E2sri4xH.1.1.1.1795672012207628450.2"

    static func hmsg(_ subject: String, _ sid: Int, _ reply: String?, _ block: String, _ payload: String) -> String {
        NATSServerBytes.hmsg(subject, sid, reply, block, payload)
    }

    /// Every operation of the brief, in one stream, with what it must parse to.
    static var stream: [(bytes: String, check: (NATSServerOp) -> Bool)] {
        [
            (info, { if case .info(let info) = $0 { return info.jetstream == true && info.maxPayload == 1_048_576 && info.version == "2.9.10" }; return false }),
            ("PING\r\n", { $0 == .ping }),
            ("PONG\r\n", { $0 == .pong }),
            ("+OK\r\n", { $0 == .ok }),
            ("-ERR 'Authorization Violation'\r\n", { $0 == .error("Authorization Violation") }),
            ("MSG _INBOX.r 99  28\r\n{\"type\":\"x\",\"total\":2,\"n\":1}\r\n", { message($0, subject: "_INBOX.r", sid: 99, reply: nil, payload: "{\"type\":\"x\",\"total\":2,\"n\":1}") }),
            ("MSG orders.created 7 \(ackReply) 8\r\n{\"id\":1}\r\n", { message($0, subject: "orders.created", sid: 7, reply: ackReply, payload: "{\"id\":1}") }),
            ("MSG empty 3 0\r\n\r\n", { message($0, subject: "empty", sid: 3, reply: nil, payload: "") }),
            ("msg\tlower\t\t4  r 2\r\nhi\r\n", { message($0, subject: "lower", sid: 4, reply: "r", payload: "hi") }),
            (hmsg("_INBOX.push", 7, nil, heartbeatBlock, ""), { headered($0, status: 100, payload: "") }),
            (hmsg("_INBOX.push", 7, nil, stalledBlock, ""), { headered($0, status: 100, payload: "") }),
            (hmsg("_INBOX.push", 7, "$JS.FC.ORDERS.x.y", flowControlBlock, ""), { headered($0, status: 100, payload: "") }),
            (hmsg("_INBOX.r.1", 1, nil, noRespondersBlock, ""), { headered($0, status: 503, payload: "") }),
            (hmsg("_INBOX.r.2", 1, nil, timeoutBlock, ""), { headered($0, status: 408, payload: "") }),
            (hmsg("orders.created", 2, ackReply, userBlock, "{\"id\":1}"), { headered($0, status: nil, payload: "{\"id\":1}") }),
            ("hmsg a 2 12 14\r\nNATS/1.0\r\n\r\nok\r\n", { headered($0, status: nil, payload: "ok") }),
            ("ping\r\n", { $0 == .ping }),
        ]
    }

    static func message(_ op: NATSServerOp, subject: String, sid: UInt64, reply: String?, payload: String) -> Bool {
        guard case .message(let message) = op else { return false }
        return message.subjectString == subject && message.sid == sid && message.replyString == reply
            && message.headerBlock == nil && String(buffer: message.payload) == payload
    }

    static func headered(_ op: NATSServerOp, status: Int?, payload: String) -> Bool {
        guard case .message(let message) = op, let headers = try? message.headers() else { return false }
        return headers.status == status && String(buffer: message.payload) == payload
    }

    /// Feeds `bytes` in chunks ending at `cuts`, parsing after each; returns every operation.
    static func parse(_ bytes: [UInt8], cuts: [Int], parser: NATSParser = NATSParser()) throws -> [NATSServerOp] {
        var parser = parser
        var buffer = ByteBuffer()
        var ops: [NATSServerOp] = []
        var position = 0
        for cut in cuts + [bytes.count] where cut >= position {
            buffer.writeBytes(bytes[position..<cut])
            position = cut
            while let op = try parser.parse(&buffer) { ops.append(op) }
        }
        return ops
    }
}

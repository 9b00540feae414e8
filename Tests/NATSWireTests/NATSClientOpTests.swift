import NATSWire
import NIOCore
import Testing

struct NATSClientOpTests {
    func bytes(_ op: NATSClientOp) throws -> String {
        String(buffer: try op.encoded())
    }

    @Test func everyOperationIsWrittenExactly() throws {
        #expect(try bytes(.connect(json: #"{"verbose":false}"#)) == "CONNECT {\"verbose\":false}\r\n")
        #expect(try bytes(.pub(subject: "$JS.FC.ORDERS.x.y", reply: nil, payload: [])) == "PUB $JS.FC.ORDERS.x.y 0\r\n\r\n")
        #expect(try bytes(.pub(subject: "$JS.API.STREAM.NAMES", reply: "_INBOX.a.1", payload: Array(#"{"offset":0}"#.utf8)))
            == "PUB $JS.API.STREAM.NAMES _INBOX.a.1 12\r\n{\"offset\":0}\r\n")
        #expect(try bytes(.sub(subject: "_INBOX.a.*", queue: nil, sid: 1)) == "SUB _INBOX.a.* 1\r\n")
        #expect(try bytes(.sub(subject: "work", queue: "q", sid: 12)) == "SUB work q 12\r\n")
        #expect(try bytes(.unsub(sid: 3, max: nil)) == "UNSUB 3\r\n")
        #expect(try bytes(.unsub(sid: 3, max: 1)) == "UNSUB 3 1\r\n")
        #expect(try bytes(.ping) == "PING\r\n")
        #expect(try bytes(.pong) == "PONG\r\n")
    }

    /// The brief's capture: 29 header bytes (through the final CRLFCRLF), 37 in all.
    @Test func hpubCountsTheWholeHeaderBlockAndTheTotal() throws {
        let headers = NATSHeaders(fields: [.init("Nats-Msg-Id", "m1")])
        #expect(try bytes(.hpub(subject: "orders.created", reply: "_INBOX.x", headers: headers, payload: Array(#"{"id":1}"#.utf8)))
            == "HPUB orders.created _INBOX.x 29 37\r\nNATS/1.0\r\nNats-Msg-Id: m1\r\n\r\n{\"id\":1}\r\n")
        let binary: [UInt8] = [0x00, 0xff, 0x0d, 0x0a, 0x80]
        let many = NATSHeaders(fields: [.init("a", "1"), .init("a", "2"), .init("Nats-Expected-Stream", "ORDERS")])
        let written = try NATSClientOp.hpub(subject: "s", reply: nil, headers: many, payload: binary).encoded()
        let block = try many.encoded().readableBytes
        #expect(String(buffer: written).hasPrefix("HPUB s \(block) \(block + binary.count)\r\n"))
        // The same counts, as the server would deliver the message, read back whole.
        var asServerMessage = ByteBuffer(string: "HMSG s 1 \(block) \(block + binary.count)\r\n")
        asServerMessage.writeImmutableBuffer(try many.encoded())
        asServerMessage.writeBytes(binary + [0x0d, 0x0a])
        var parser = NATSParser()
        guard case .message(let message) = try parser.parse(&asServerMessage) else { Issue.record("no message"); return }
        #expect(try message.headers() == many)
        #expect(Array(message.payload.readableBytesView) == binary)
    }

    @Test(arguments: ["", "a b", "a\r\nPUB x 0", "a..b", ".a", "a.", "tab\there"])
    func subjectsThatWouldBreakTheLineAreRefused(subject: String) {
        #expect(throws: NATSWireError.invalidSubject(subject)) { try NATSClientOp.pub(subject: subject, reply: nil, payload: []).encoded() }
        #expect(throws: NATSWireError.invalidSubject(subject)) { try NATSClientOp.sub(subject: subject, queue: nil, sid: 1).encoded() }
    }
}

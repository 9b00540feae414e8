import NATSWire
import NIOCore
import Testing

struct NATSHeadersTests {
    func parse(_ text: String) throws -> NATSHeaders {
        try NATSHeaders(parsing: ByteBuffer(string: text))
    }

    @Test func statusLinesAreStatusNotHeaders() throws {
        let heartbeat = try parse(ServerFixtures.heartbeatBlock)
        #expect(heartbeat.status == 100)
        #expect(heartbeat.statusDescription == "Idle Heartbeat")
        #expect(heartbeat.fields == [.init("Nats-Last-Consumer", "3"), .init("Nats-Last-Stream", "3")])
        let stalled = try parse(ServerFixtures.stalledBlock)
        #expect(stalled.value(named: "nats-consumer-stalled") == "$JS.FC.BIG.SyRaEg3W.XGKX")
        let flow = try parse(ServerFixtures.flowControlBlock)
        #expect(flow.status == 100 && flow.statusDescription == "FlowControl Request" && flow.fields.isEmpty)
        let none = try parse(ServerFixtures.noRespondersBlock)
        #expect(none.status == 503 && none.statusDescription == nil && none.fields.isEmpty)
        #expect(try parse("NATS/1.0 404 No Messages\r\n\r\n").status == 404)
        #expect(try parse("NATS/1.0 409 Consumer Deleted\r\n\r\n").statusDescription == "Consumer Deleted")
        let timeout = try parse(ServerFixtures.timeoutBlock)
        #expect(timeout.status == 408 && timeout.value(named: "Nats-Pending-Messages") == "7")
    }

    @Test func namesKeepTheirCaseRepeatsAndOrderAreKept() throws {
        let headers = try parse("NATS/1.0\r\nX-Trace: a\r\nx-trace: b\r\nX-Trace: c\r\nEmpty:\r\nColon: a:b: c\r\n\r\n")
        #expect(headers.status == nil)
        #expect(headers.fields.map(\.name) == ["X-Trace", "x-trace", "X-Trace", "Empty", "Colon"])
        #expect(headers.fields.map { String(decoding: $0.value, as: UTF8.self) } == ["a", "b", "c", "", "a:b: c"])
    }

    @Test func encodedBlocksParseBackToThemselves() throws {
        let samples = [
            NATSHeaders(fields: [.init("Nats-Msg-Id", "m1"), .init("X-Trace", "abc")]),
            NATSHeaders(fields: []),
            NATSHeaders(fields: [.init("h", "1"), .init("h", "2"), .init(name: "bin", value: [0xff, 0x00, 0x80]), .init("Unicode", "значение ✓")]),
            NATSHeaders(status: 408, statusDescription: "Request Timeout", fields: [.init("Nats-Pending-Messages", "7")]),
        ]
        for headers in samples {
            #expect(try NATSHeaders(parsing: headers.encoded()) == headers)
        }
        #expect(String(buffer: try NATSHeaders(fields: [.init("Nats-Msg-Id", "m1"), .init("X-Trace", "abc")]).encoded()) == ServerFixtures.userBlock)
    }

    @Test func namesAndValuesThatWouldBreakTheBlockAreRefused() {
        #expect(throws: NATSWireError.self) { try NATSHeaders(fields: [.init("a:b", "1")]).encoded() }
        #expect(throws: NATSWireError.self) { try NATSHeaders(fields: [.init("a b", "1")]).encoded() }
        #expect(throws: NATSWireError.self) { try NATSHeaders(fields: [.init("", "1")]).encoded() }
        #expect(throws: NATSWireError.self) { try NATSHeaders(fields: [.init("a", "x\r\nInjected: 1")]).encoded() }
        #expect(throws: NATSWireError.self) { try NATSHeaders(fields: [.init("a", "x\ny")]).encoded() }
    }

    @Test(arguments: [
        "HTTP/1.1\r\n\r\n", "NATS/1.0", "NATS/1.0\r\n", "NATS/1.0 1x0\r\n\r\n", "NATS/1.0 1000 Long\r\n\r\n",
        "NATS/1.0x\r\n\r\n", "NATS/1.0\r\nno colon\r\n\r\n", "NATS/1.0\r\n: empty name\r\n\r\n",
        "NATS/1.0\r\nA: 1\r\n\r\ntrailing", "NATS/1.0\r\nA: 1\r\n",
    ])
    func malformedBlocksAreErrors(block: String) {
        #expect(throws: NATSWireError.self) { _ = try NATSHeaders(parsing: ByteBuffer(string: block)) }
    }
}

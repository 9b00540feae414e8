import NATSWire
import NIOCore
import Testing

struct JetStreamAckTests {
    @Test func theVersionOneSubjectNatsServer29Sends() throws {
        let ack = try JetStreamAck(parsing: ServerFixtures.ackReply)
        #expect(ack.stream == "ORDERS" && ack.consumer == "E2sri4xH" && ack.domain == nil && ack.accountHash == nil)
        #expect(ack.position == .init(delivered: 1, streamSequence: 1, consumerSequence: 1, timestampNanos: 1_795_672_012_207_628_450, pending: 2))
        #expect(JetStreamAck.position(in: ByteBuffer(string: ServerFixtures.ackReply)) == ack.position)
    }

    @Test func theVersionTwoSubjectWithAndWithoutDomain() throws {
        let noDomain = try JetStreamAck(parsing: "$JS.ACK._.ACCHASH.ORDERS.worker.2.41.40.1795672012207628450.0.rAnDoM")
        #expect(noDomain.domain == nil && noDomain.accountHash == "ACCHASH" && noDomain.stream == "ORDERS" && noDomain.consumer == "worker")
        #expect(noDomain.position == .init(delivered: 2, streamSequence: 41, consumerSequence: 40, timestampNanos: 1_795_672_012_207_628_450, pending: 0))
        let withDomain = try JetStreamAck(parsing: "$JS.ACK.hub.ACC.S.C.1.2.3.4.5")
        #expect(withDomain.domain == "hub" && withDomain.position.pending == 5 && withDomain.position.streamSequence == 2)
        let longer = try JetStreamAck(parsing: "$JS.ACK.hub.ACC.S.C.1.2.3.4.5.tok.extra")
        #expect(longer.position == withDomain.position)
    }

    @Test(arguments: [
        "$JS.ACK.S.C.1.2.3.4", "$JS.ACK.S.C.1.2.3.4.5.6", "$JS.FC.S.C.1.2.3.4.5", "_INBOX.abc", "$JS.ACK.S.C.1.x.3.4.5",
        "$JS.ACK.S.C.1.2.3.99999999999999999999999.5", "$JS.ACK..C.1.2.3.4.5", "$JS.ACK.S.C.-1.2.3.4.5", "",
        "$JS.ACK.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q",
    ])
    func otherSubjectsAreNotAckSubjects(subject: String) {
        #expect(throws: NATSWireError.notAnAckSubject(subject)) { try JetStreamAck(parsing: subject) }
        #expect(JetStreamAck.position(in: ByteBuffer(string: subject)) == nil)
    }

    @Test func subjectMatchingFollowsTheWildcardRules() {
        let cases: [(String, String, Bool)] = [
            ("orders.created", "orders.created", true), ("orders.*", "orders.created", true), ("orders.*", "orders.a.b", false),
            ("orders.>", "orders.a.b", true), ("orders.>", "orders", false), (">", "anything.at.all", true),
            ("*.created", "orders.created", true), ("orders.created", "orders.paid", false), ("orders", "orders.created", false),
            ("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>", "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.S.C", true),
        ]
        for (pattern, subject, expected) in cases {
            #expect(NATSSubject.matches(pattern: pattern, subject: subject) == expected, "\(pattern) ~ \(subject)")
        }
        #expect(NATSSubject.isLiteral("a.b") && !NATSSubject.isLiteral("a.*") && !NATSSubject.isLiteral("a.>"))
    }
}

import EvmonTestSupport
import Foundation
import NATSWire
import NIOCore
import Testing
import EvmonModel
@testable import EvmonNATS

/// The adapter's pure parts: times, credentials, consumer configs, stream bounds, publish subjects
/// and headers, lag state.
struct NATSAdapterMappingTests {
    /// JetStream's RFC 3339 times go through evmon's ISO-8601 reader and writer.
    @Test func rfc3339TimesAsJetStreamWritesThem() {
        #expect(Timestamps.parseISO8601("2026-11-26T05:46:52.20762845Z") == 1_795_672_012_207)
        #expect(Timestamps.parseISO8601("2026-11-26T05:46:52Z") == 1_795_672_012_000)
        #expect(Timestamps.parseISO8601("2026-11-26T06:46:52.5+01:00") == 1_795_672_012_500)
        #expect(Timestamps.parseISO8601("1970-01-01T00:00:00Z") == 0)
        #expect(Timestamps.parseISO8601("0001-01-01T00:00:00Z") == -62_135_596_800_000)
        #expect(Timestamps.parseISO8601("not a time at all ok") == nil)
        #expect(Timestamps.iso8601(1_795_672_012_207) == "2026-11-26T05:46:52.207Z")
        #expect(Timestamps.iso8601(0) == "1970-01-01T00:00:00.000Z")
        for milliseconds: Int64 in [1, 951_782_400_000, 4_102_444_799_999, 1_700_000_000_123] {
            #expect(Timestamps.parseISO8601(Timestamps.iso8601(milliseconds)) == milliseconds)
        }
    }

    @Test func credentialsComeFromTheEnvironmentOneKindAtATime() throws {
        #expect(try NATSCredentials.fromEnvironment([:], url: "u") == .none)
        #expect(try NATSCredentials.fromEnvironment(["EVMON_NATS_USER": "a", "EVMON_NATS_PASSWORD": "b"], url: "u") == .userPassword(user: "a", password: "b"))
        #expect(try NATSCredentials.fromEnvironment(["EVMON_NATS_TOKEN": "t"], url: "u") == .token("t"))
        #expect(throws: EvmonError.self) { try NATSCredentials.fromEnvironment(["EVMON_NATS_USER": "a"], url: "u") }
        #expect(throws: EvmonError.self) { try NATSCredentials.fromEnvironment(["EVMON_NATS_TOKEN": "t", "EVMON_NATS_USER": "a", "EVMON_NATS_PASSWORD": "b"], url: "u") }
        let connect = String(decoding: try JSONEncoder().encode(ConnectOptions(credentials: .token("s3cret"), nonce: nil, tls: false)), as: UTF8.self)
        #expect(connect.contains(#""auth_token":"s3cret""#) && connect.contains(#""headers":true"#) && connect.contains(#""no_responders":true"#))
        #expect(connect.contains(#""verbose":false"#) && connect.contains(#""lang":"swift""#) && connect.contains(#""name":"evmon""#))
    }

    @Test func theOrderedConsumerConfigForEveryStart() throws {
        func config(_ policy: NATSDeliverPolicy, filter: String? = nil) throws -> [String: Any] {
            let body = NATSOrderedConsumer.createRequest(stream: "S", name: "evmon_x", deliverSubject: "_INBOX.a.d.1", filterSubject: filter, policy: policy)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
            #expect(object["stream_name"] as? String == "S")
            return try #require(object["config"] as? [String: Any])
        }
        let all = try config(.all)
        #expect(all["deliver_policy"] as? String == "all")
        #expect(all["ack_policy"] as? String == "none" && all["max_deliver"] as? Int == 1 && all["flow_control"] as? Bool == true)
        #expect(all["mem_storage"] as? Bool == true && all["num_replicas"] as? Int == 1 && all["durable_name"] == nil)
        #expect(all["idle_heartbeat"] as? Int == 5_000_000_000 && all["inactive_threshold"] as? Int == 30_000_000_000)
        #expect(all["deliver_subject"] as? String == "_INBOX.a.d.1" && all["name"] as? String == "evmon_x" && all["filter_subject"] == nil)
        #expect(try config(.new)["deliver_policy"] as? String == "new")
        let sequence = try config(.startSequence(42), filter: "orders.*")
        #expect(sequence["deliver_policy"] as? String == "by_start_sequence" && sequence["opt_start_seq"] as? Int == 42)
        #expect(sequence["filter_subject"] as? String == "orders.*")
        let time = try config(.startTime(1_795_672_012_207))
        #expect(time["deliver_policy"] as? String == "by_start_time" && time["opt_start_time"] as? String == "2026-11-26T05:46:52.207Z")
    }

    @Test func streamBoundsAreKafkaLikeWithJetStreamsOwnCount() {
        let held = NATSBroker.partition(.init(messages: 4, firstSeq: 3, lastSeq: 10))
        #expect(held == PartitionMetadata(id: 0, startOffset: .sequence(3), endOffset: .sequence(11), reportedMessageCount: 4))
        let empty = NATSBroker.partition(.init(messages: 0, firstSeq: 0, lastSeq: 0))
        #expect(empty.startOffset == .sequence(1) && empty.endOffset == .sequence(1) && empty.messageCount == 0)
        let purged = NATSBroker.partition(.init(messages: 0, firstSeq: 8, lastSeq: 7))
        #expect(purged.startOffset == .sequence(8) && purged.endOffset == .sequence(8))
    }

    @Test func thePublishSubjectIsTheKeyWhenTheStreamCapturesItElseItsOnlyLiteralSubject() throws {
        func message(_ key: String?) -> OutgoingMessage { OutgoingMessage(topic: "ORDERS", key: key.map { Array($0.utf8) }, value: []) }
        #expect(try NATSBroker.subject(for: message("orders.eu.created"), subjects: ["orders.>"]) == "orders.eu.created")
        #expect(try NATSBroker.subject(for: message("orders.a"), subjects: ["orders.*", "audit"]) == "orders.a")
        #expect(try NATSBroker.subject(for: message("elsewhere"), subjects: ["orders.created"]) == "orders.created")
        #expect(try NATSBroker.subject(for: message(nil), subjects: ["orders.created"]) == "orders.created")
        #expect(throws: EvmonError.self) { try NATSBroker.subject(for: message("elsewhere"), subjects: ["orders.>"]) }
        #expect(throws: EvmonError.self) { try NATSBroker.subject(for: message(nil), subjects: ["a", "b"]) }
        #expect(throws: EvmonError.self) { try NATSBroker.subject(for: message("orders.*"), subjects: ["orders.>"]) }
    }

    @Test func replayHeadersCarryADerivedMessageIDAndTheExpectedStream() throws {
        let replay = OutgoingMessage(topic: "ORDERS", key: nil, headers: [
            Header("trace", "a"), Header(name: "empty", value: nil), Header("Nats-Msg-Id", "original"),
            Header("evmon-replay-of", "ORDERS/0/7"), Header("trace", "b"),
        ], value: [])
        let headers = try NATSBroker.headers(for: replay)
        #expect(headers.fields == [
            .init("trace", "a"), .init("empty", ""), .init("evmon-replay-of", "ORDERS/0/7"), .init("trace", "b"),
            .init("Nats-Msg-Id", "evmon-replay-of:ORDERS/0/7"), .init("Nats-Expected-Stream", "ORDERS"),
        ])
        let plain = try NATSBroker.headers(for: OutgoingMessage(topic: "S", key: nil, value: []))
        #expect(UUID(uuidString: plain.value(named: "Nats-Msg-Id") ?? "") != nil, "a fresh id per plain produce")
        #expect(throws: EvmonError.self) { try NATSBroker.headers(for: OutgoingMessage(topic: "S", key: nil, headers: [Header("bad name", "x")], value: [])) }
        #expect(throws: EvmonError.self) { try NATSBroker.headers(for: OutgoingMessage(topic: "S", key: nil, headers: [Header("h", "a\r\nInjected: 1")], value: [])) }
    }

    @Test func advisoriesTakeTheStreamSequenceAsAnIntegerOrAString() throws {
        let integer = #"{"type":"io.nats.jetstream.advisory.v1.max_deliver","id":"x","timestamp":"2026-11-26T05:48:00.83603578Z","stream":"ORDERS","consumer":"dur1","stream_seq":1,"deliveries":2}"#
        let text = #"{"type":"io.nats.jetstream.advisory.v1.terminated","stream":"ORDERS","consumer":"dur1","consumer_seq":3,"stream_seq":"2","deliveries":1}"#
        let first = try JSONDecoder().decode(JetStreamAPI.ConsumerAdvisory.self, from: Data(integer.utf8))
        let second = try JSONDecoder().decode(JetStreamAPI.ConsumerAdvisory.self, from: Data(text.utf8))
        #expect(first.streamSeq == 1 && first.deliveries == 2 && second.streamSeq == 2)
        let record = Record(topic: "ORDERS", partition: 0, offset: .sequence(1), timestamp: 0, key: nil, value: [])
        #expect(NATSBroker.deadLetter(record, first).reason == "reached 2 deliveries on consumer dur1, never acknowledged")
        #expect(NATSBroker.deadLetter(record, second).convention == "nats-terminated")
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(JetStreamAPI.ConsumerAdvisory.self, from: Data(#"{"type":"t","stream":"S","consumer":"c","stream_seq":"x"}"#.utf8))
        }
    }

    @Test func storedMessagesDecodeBase64HeadersAndAMissingDataAsEmpty() throws {
        let stored = JetStreamAPI.StoredMessage.Message(
            subject: "orders.created", seq: 1, hdrs: "TkFUUy8xLjANCk5hdHMtTXNnLUlkOiBtMQ0KWC1UcmFjZTogYWJjDQoNCg==", data: nil,
            time: "2026-11-26T05:46:52.20762845Z")
        let record = try NATSRecordMapping.record(stream: "ORDERS", stored: stored, url: "nats://x")
        #expect(record.headers == [Header("Nats-Msg-Id", "m1"), Header("X-Trace", "abc")])
        #expect(record.value == [] && record.key == Array("orders.created".utf8) && record.timestamp == 1_795_672_012_207)
        #expect(record.offset == .sequence(1) && record.topic == "ORDERS" && record.partition == 0)
    }
}

/// A pushed delivery as a record: the ack subject's numbers, the subject as key, headers in order.
struct NATSDeliveryMappingTests {
    @Test func aDeliveryBecomesTheRecordCLIMdDescribes() throws {
        var parser = NATSParser()
        var bytes = ByteBuffer(string: NATSServerBytes.hmsg("orders.created", 2, "$JS.ACK.ORDERS.c.1.41.40.1795672012207628450.0", "NATS/1.0\r\nh: 1\r\nh: 2\r\n\r\n", ""))
        guard case .message(let message) = try parser.parse(&bytes) else { Issue.record("no message"); return }
        let reply = try #require(message.reply)
        let position = try #require(JetStreamAck.position(in: reply))
        let record = NATSRecordMapping.record(stream: "ORDERS", message: message, headers: try message.headers(), position: position)
        #expect(record == Record(
            topic: "ORDERS", partition: 0, offset: .sequence(41), timestamp: 1_795_672_012_207, key: Array("orders.created".utf8),
            headers: [Header("h", "1"), Header("h", "2")], value: []))
    }
}

import EvmonTestSupport
import Testing
import EvmonModel
import EvmonDeadLetters

@Suite struct DeadLetterRecognizerTests {
    let reference = RecordRef(topic: "x", partition: 0, arrival: 0)

    func entry(topic: String, _ headers: [Header]) -> DeadLetterEntry {
        DeadLetterRecognizer.standard.entry(for: RecordFixtures.record(topic: topic, offset: 3, headers: headers), reference: reference)
    }

    @Test func namesSayWhichTopicsHoldDeadLettersAndWhereTheyCameFrom() {
        for name in ["orders.DLT", "orders-dlt", "orders.dlq", "orders_dlq", "orders-DLQ", "dlq.orders", "error.orders.billing", "dead-letter-topic-orders"] {
            #expect(DeadLetterRecognizer.standard.isDeadLetterTopic(name), "\(name)")
            #expect(DeadLetterNaming.standard.origin(of: name) == "orders", "\(name)")
        }
        for name in ["orders", "dltx", "error.", "orders-dlt-stats"] {
            #expect(!DeadLetterRecognizer.standard.isDeadLetterTopic(name), "\(name)")
        }
    }

    @Test func springBinaryCoordinatesAndTheFirstOfRepeatedHeaders() {
        let found = entry(topic: "orders-dlt", [
            Header("kafka_dlt-original-topic", "orders"),
            Header(name: "kafka_dlt-original-partition", value: [0, 0, 0, 1]),
            Header(name: "kafka_dlt-original-offset", value: [0, 0, 0, 0, 0, 0, 0, 42]),
            Header("kafka_dlt-exception-fqcn", "org.springframework.kafka.listener.ListenerExecutionFailedException"),
            Header("kafka_dlt-exception-cause-fqcn", "com.example.OutOfStockException"),
            Header("kafka_dlt-exception-message", "Listener failed; out of stock\nsecond line"),
            Header("kafka_dlt-original-topic", "orders-retry-1"),
        ])
        #expect(found.convention == "spring")
        #expect(found.originalTopic == "orders")
        #expect(found.originalPartition == 1)
        #expect(found.originalOffset == .sequence(42))
        #expect(found.exception == "com.example.OutOfStockException")
        #expect(found.reason == "Listener failed; out of stock")
        #expect(found.summary == "OutOfStockException: Listener failed; out of stock")
    }

    @Test func textConventions() {
        let connect = entry(topic: "dlq-sink", [
            Header("__connect.errors.topic", "payments"), Header("__connect.errors.partition", "2"),
            Header("__connect.errors.offset", "77"), Header("__connect.errors.exception.class.name", "org.apache.kafka.connect.errors.DataException"),
            Header("__connect.errors.exception.message", "Converting byte[] to Kafka Connect data failed"),
        ])
        #expect(connect.convention == "kafka-connect")
        #expect(connect.originalTopic == "payments")
        #expect(connect.originalPartition == 2)
        #expect(connect.originalOffset == .sequence(77))
        let smallrye = entry(topic: "dead-letter-topic-orders", [
            Header("dead-letter-topic", "orders"), Header("dead-letter-partition", "0"), Header("dead-letter-offset", "5"),
            Header("dead-letter-reason", "boom"), Header("dead-letter-cause-class-name", "java.lang.RuntimeException"),
        ])
        #expect(smallrye.convention == "smallrye")
        #expect(smallrye.reason == "boom")
        let karafka = entry(topic: "dead_messages", [Header("source_topic", "orders"), Header("source_partition", "1"), Header("source_offset", "9")])
        #expect(karafka.convention == "karafka")
        #expect(karafka.originalOffset == .sequence(9))
        let scs = entry(topic: "error.orders.billing", [Header("x-original-topic", "orders"), Header(name: "x-original-offset", value: [0, 0, 0, 0, 0, 0, 1, 0])])
        #expect(scs.convention == "spring-cloud-stream")
        #expect(scs.originalOffset == .sequence(256))
    }

    @Test func nameOnlyAndUnknownOrigins() {
        let byName = entry(topic: "orders.dlq", [])
        #expect(byName.convention == "name-only")
        #expect(byName.originalTopic == "orders")
        #expect(byName.summary == "no reason given")
        let unknown = entry(topic: "graveyard", [])
        #expect(unknown.originalTopic == nil)
    }

    @Test func redisAndNATSDeadLetterStreamsSayWhyInAPlainField() {
        let redis = entry(topic: "orders:dlq", [Header("data", "{}"), Header("error", "payment declined\nat Billing.charge")])
        #expect(redis.originalTopic == "orders")
        #expect(redis.reason == "payment declined", "the first line")
        #expect(entry(topic: "ORDERS_DLQ", [Header("reason", "schema")]).summary == "schema")
        #expect(entry(topic: "DLQ", []).originalTopic == nil, "a stream called DLQ holds dead letters of unknown origin")
        #expect(DeadLetterNaming.standard.isDeadLetterTopic("DLQ"))
        #expect(!DeadLetterNaming.standard.isDeadLetterTopic(":dlq"))
    }

    @Test func configPatternsNameMoreDeadLetterTopicsAndTheirOrigins() throws {
        let naming = DeadLetterNaming(extraPatterns: [try DeadLetterPattern(parsing: "*.failed"), try DeadLetterPattern(parsing: "quarantine")])
        #expect(naming.isDeadLetterTopic("payments.failed"))
        #expect(naming.origin(of: "payments.failed") == "payments")
        #expect(naming.isDeadLetterTopic("quarantine"))
        #expect(naming.origin(of: "quarantine") == nil)
        #expect(!naming.isDeadLetterTopic(".failed"))
        #expect(naming.isDeadLetterTopic("orders-dlt"), "the built-in names still apply")
        let recognizer = DeadLetterRecognizer(naming: naming)
        let entry = recognizer.entry(for: RecordFixtures.record(topic: "payments.failed", offset: 1), reference: reference)
        #expect(entry.convention == "name-only")
        #expect(entry.originalTopic == "payments")
        #expect(throws: EvmonError.self) { try DeadLetterPattern(parsing: "*.*") }
        #expect(throws: EvmonError.self) { try DeadLetterPattern(parsing: "*") }
    }

    @Test func headersSayMoreThanTheName() {
        // Spring Cloud Stream names its DLQ error.<topic>.<group>, but the header is the truth.
        let found = entry(topic: "error.orders.billing", [Header("x-original-topic", "orders-v2"), Header("x-exception-message", "boom")])
        #expect(found.originalTopic == "orders-v2")
        #expect(found.reason == "boom")
        #expect(found.originDescription == "orders-v2")
        #expect(entry(topic: "graveyard", []).originDescription == "origin unknown")
    }
}

@Suite struct ReasonFingerprintTests {
    @Test func particularsAreMaskedSoOneFailureIsOneReason() {
        #expect(ReasonFingerprint.of("OutOfStockException: SKU-1030 has no stock left in WH-1, WH-2")
            == "OutOfStockException: SKU-# has no stock left in WH-#, WH-#")
        #expect(ReasonFingerprint.of("order 7f3c2a9e-1b2c-4d5e-8f90-123456789abc not found") == "order … not found")
        #expect(ReasonFingerprint.of("Unexpected character ('O' (code 79)): expected a value") == "Unexpected character ('…' (code #)): expected a value")
        #expect(ReasonFingerprint.of(#"field "user_id" is missing"#) == #"field "…" is missing"#)
        #expect(ReasonFingerprint.of("unclosed 'quote") == "unclosed '…")
        #expect(ReasonFingerprint.of("Timeout: no answer") == "Timeout: no answer", "text without particulars stays as it is")
        #expect(ReasonFingerprint.of("OutOfStock") != ReasonFingerprint.of("PaymentDeclined"))
    }
}

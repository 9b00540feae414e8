import EvmonModel

/// The order-service domain of the seed tutorial: products, orders and the JSON events about them.
enum DemoEvents {
    /// A product with a price in quarters, so that every total is exact in binary floating point
    /// and `price * quantity` sums compare equal in jq.
    struct Product: Sendable {
        let id: String
        let price: Double
    }

    static let catalog: [Product] = (0..<40).map { index in
        Product(id: "SKU-\(1001 + index)", price: Double(3 + (index * 37) % 160) * 0.25 + 1)
    }

    /// One line item of an order.
    struct Item: Sendable {
        let product: Product
        let quantity: Int
    }

    /// An order as the order service knows it.
    struct Order: Sendable {
        let id: String
        let userID: String
        let items: [Item]
        /// The order's total, the exact sum of price × quantity.
        var total: Double { items.reduce(0) { $0 + $1.product.price * Double($1.quantity) } }
    }

    /// A JSON event: the seed tutorial's `Event` dataclass (event_id, event_type, timestamp, payload).
    static func event(type: String, id: String, at time: Int64, payload: String) -> [UInt8] {
        var json: [UInt8] = []
        json.append(contentsOf: #"{"event_id":""#.utf8)
        json.append(utf8: id)
        json.append(contentsOf: #"","event_type":""#.utf8)
        json.append(utf8: type)
        json.append(contentsOf: #"","timestamp":""#.utf8)
        Timestamps.appendISO8601(time, to: &json)
        json.append(contentsOf: #"","payload":"#.utf8)
        json.append(utf8: payload)
        json.append(UInt8(ascii: "}"))
        return json
    }

    /// The payload of OrderCreated / OrderCancelled: order_id, user_id, items, total, sequence.
    static func orderPayload(_ order: Order, sequence: Int, reason: String? = nil) -> String {
        let items = order.items.map {
            #"{"product_id":"\#($0.product.id)","quantity":\#($0.quantity),"price":\#($0.product.price)}"#
        }.joined(separator: ",")
        let reasonField = reason.map { #","reason":"\#($0)""# } ?? ""
        return #"{"order_id":"\#(order.id)","user_id":"\#(order.userID)","items":[\#(items)],"total":\#(order.total),"sequence":\#(sequence)\#(reasonField)}"#
    }

    /// The payload of InventoryReserved / InventoryReleased.
    static func inventoryPayload(_ order: Order, reservationID: String, warehouse: String) -> String {
        let items = order.items.map { #"{"product_id":"\#($0.product.id)","quantity":\#($0.quantity)}"# }
            .joined(separator: ",")
        return #"{"order_id":"\#(order.id)","reservation_id":"\#(reservationID)","warehouse":"\#(warehouse)","items":[\#(items)]}"#
    }

    /// An order as a producer with Confluent's Avro serializer writes it: magic byte 0, a
    /// big-endian schema id, then Avro fields (zig-zag varint lengths, raw UTF-8, a little-endian
    /// double). Not JSON, not even UTF-8: the poison message of a misconfigured client.
    /// What a legacy producer that logs instead of serializing writes: ANSI colours, an OSC
    /// window-title change, a screen clear and a right-to-left override around the user id.
    static func legacyLogLine(_ order: Order) -> String {
        "\u{1b}]0;evmon pwned\u{07}\u{1b}[2J\u{1b}[1;31mOrderCreated\u{1b}[0m order_id=\(order.id) user_id=\u{202e}\(order.userID)\u{202c} total=\(order.total)"
    }

    static func avroFramed(_ order: Order) -> [UInt8] {
        var bytes: [UInt8] = [0x00] + bigEndian(Int32(1042))
        DemoPayments.string(order.id, into: &bytes)
        DemoPayments.string(order.userID, into: &bytes)
        bytes.append(contentsOf: withUnsafeBytes(of: order.total.bitPattern.littleEndian) { Array($0) })
        // A trailing 0xff (a truncated union index) makes the payload invalid UTF-8 for sure.
        bytes.append(0xFF)
        return bytes
    }

    /// Headers an instrumented producer adds.
    static func headers(eventType: String, traceID: String, spanID: String) -> [Header] {
        [
            Header("content-type", "application/json"),
            Header("event-type", eventType),
            Header("traceparent", "00-\(traceID)-\(spanID)-01"),
        ]
    }

    /// Why the inventory service dead-letters a message, in Spring Kafka's terms.
    struct Failure: Sendable {
        let exceptionClass: String
        let causeClass: String?
        let message: String

        var stackTrace: String {
            """
            \(exceptionClass): \(message)
            \tat com.example.inventory.ReservationListener.onOrderEvent(ReservationListener.java:88)
            \tat org.springframework.kafka.listener.adapter.MessagingMessageListenerAdapter.invokeHandler(MessagingMessageListenerAdapter.java:380)
            \tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeRecordListener(KafkaMessageListenerContainer.java:2780)
            """
        }

        static func outOfStock(_ product: String) -> Failure {
            Failure(
                exceptionClass: "org.springframework.kafka.listener.ListenerExecutionFailedException",
                causeClass: "com.example.inventory.OutOfStockException",
                message: "Listener failed; nested exception is com.example.inventory.OutOfStockException: \(product) has no stock left in WH-1, WH-2")
        }

        static let malformed = Failure(
            exceptionClass: "org.springframework.kafka.support.serializer.DeserializationException",
            causeClass: "com.fasterxml.jackson.core.JsonParseException",
            message: "failed to deserialize; nested exception is com.fasterxml.jackson.core.JsonParseException: Unexpected character ('O' (code 79)): expected a valid value")

        static let binaryPayload = Failure(
            exceptionClass: "org.springframework.kafka.support.serializer.DeserializationException",
            causeClass: "com.fasterxml.jackson.core.JsonParseException",
            message: "failed to deserialize; nested exception is com.fasterxml.jackson.core.JsonParseException: Illegal character ((CTRL-CHAR, code 0)): only regular white space (\\r, \\n, \\t) is allowed between tokens")

        static func unknownReservation(_ orderID: String) -> Failure {
            Failure(
                exceptionClass: "org.springframework.kafka.listener.ListenerExecutionFailedException",
                causeClass: "java.lang.IllegalStateException",
                message: "Listener failed; nested exception is java.lang.IllegalStateException: no reservation to release for order \(orderID)")
        }
    }

    /// Where a dead-lettered message originally lived.
    struct OriginalCoordinates: Sendable {
        let topic: String
        let partition: Int
        let offset: Int64
        let timestamp: Int64
    }

    /// Spring Kafka's dead-letter headers (docs/BROKERS.md): binary big-endian coordinates, text reasons.
    static func springDeadLetterHeaders(
        original: OriginalCoordinates, group: String, failure: Failure
    ) -> [Header] {
        var headers = [
            Header("kafka_dlt-original-topic", original.topic),
            Header(name: "kafka_dlt-original-partition", value: bigEndian(Int32(original.partition))),
            Header(name: "kafka_dlt-original-offset", value: bigEndian(original.offset)),
            Header(name: "kafka_dlt-original-timestamp", value: bigEndian(original.timestamp)),
            Header("kafka_dlt-original-timestamp-type", "CreateTime"),
            Header("kafka_dlt-original-consumer-group", group),
            Header("kafka_dlt-exception-fqcn", failure.exceptionClass),
        ]
        if let cause = failure.causeClass { headers.append(Header("kafka_dlt-exception-cause-fqcn", cause)) }
        headers.append(Header("kafka_dlt-exception-message", failure.message))
        headers.append(Header("kafka_dlt-exception-stacktrace", failure.stackTrace))
        return headers
    }

    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }
}

import HeapModule
import EvmonModel

/// The order-service world, simulated: an order service publishes to `orders`, the `inventory`
/// service reacts on `inventory`, failures land in `orders-dlt` with Spring Kafka's headers.
///
/// Deterministic: every choice comes from a seeded generator and is made in event-time order,
/// so a seed yields the same messages however the simulation is advanced. Rarely and on
/// purpose it plants the faults that watches exist to catch (see `Fault`).
struct DemoScenario: Sendable {
    /// The faults planted on purpose, in rotation.
    enum Fault: CaseIterable {
        /// A non-JSON message on `orders`, alternately legacy text and Avro binary from a client
        /// with the wrong serializer (dead-lettered by the inventory service). The legacy text is
        /// a coloured log line with a window-title escape and a bidi override in it: hostile bytes
        /// that evmon must show escaped, never send to the terminal.
        case malformed
        /// The same OrderCreated published twice (same `event_id`).
        case duplicateEvent
        /// OrderCancelled (sequence 2) published before OrderCreated (sequence 1) on one key.
        case outOfOrder
        /// An OrderCreated the inventory service never answers with InventoryReserved.
        case missingReservation
    }

    static let ordersTopic = "orders"
    static let inventoryTopic = "inventory"
    static let deadLetterTopic = "orders-dlt"
    static let partitionsPerTopic = 3

    /// A message waiting for its time to be appended.
    private struct Scheduled: Comparable, Sendable {
        let time: Int64
        let sequence: Int
        let topic: String
        let key: [UInt8]
        let headers: [Header]
        let value: [UInt8]
        /// For a dead letter: the scheduled message it dead-letters, and why.
        var deadLetterOf: Int?
        var failure: DemoEvents.Failure?

        static func < (lhs: Scheduled, rhs: Scheduled) -> Bool { (lhs.time, lhs.sequence) < (rhs.time, rhs.sequence) }
        static func == (lhs: Scheduled, rhs: Scheduled) -> Bool { lhs.sequence == rhs.sequence }
    }

    private(set) var log: DemoLog
    /// Simulated time reached (epoch ms).
    private(set) var simulatedUntil: Int64
    /// When the written history begins.
    let historyStart: Int64
    private let ordersPerSecond: Double
    /// Whether the payment service writes Avro to `payments` (`demo://?avro=true`).
    private let payments: Bool
    /// Simulated time skipped because the machine could not keep up with the rate asked for.
    private(set) var skippedMilliseconds: Int64 = 0
    /// The part of a millisecond accumulated between orders at rates above 1,000/s.
    private var subMillisecondCarry: Double = 0
    private var random: SplitMix64
    private var pending = Heap<Scheduled>()
    private var nextSequence = 0
    private var nextOrderAt: Int64
    private var orderCount = 0
    private var nextFaultAtOrder = 40
    private var faultCount = 0
    /// Scheduled messages that a dead letter will copy, not yet appended.
    var awaitedOriginals: Set<Int> = []
    /// Where such messages landed; emptied as their letters are written.
    var appendedOriginals: [Int: DemoEvents.OriginalCoordinates] = [:]

    /// A scenario whose history ends at `historyEnd`. History spans three minutes, or less at
    /// high rates so that it stays within `maxHistoryOrders`.
    init(
        seed: UInt64, ordersPerSecond: Double, historyEnd: Int64, retentionPerPartition: Int = 50_000,
        maxHistoryOrders: Double = 20_000, maximumBacklogOrders: Double = 20_000, payments: Bool = false
    ) {
        self.payments = payments
        self.maximumBacklogOrders = maximumBacklogOrders
        let span = Int64(min(180_000, maxHistoryOrders / ordersPerSecond * 1000))
        historyStart = historyEnd - span
        simulatedUntil = historyStart
        nextOrderAt = historyStart
        self.ordersPerSecond = ordersPerSecond
        random = SplitMix64(seed: seed)
        log = DemoLog(
            topics: ([Self.ordersTopic, Self.inventoryTopic, Self.deadLetterTopic] + (payments ? [DemoPayments.topic] : []))
                .map { ($0, Self.partitionsPerTopic) },
            retentionPerPartition: retentionPerPartition)
        advance(to: historyEnd, skipping: false)
    }

    /// Orders the simulation may owe before it skips ahead: asked for more than this machine
    /// can simulate, the demo falls behind and drops what it cannot make, instead of queueing
    /// an ever-growing backlog.
    let maximumBacklogOrders: Double

    /// Runs the world up to `time`, appending every message due by then, a slice of simulated
    /// time at a time so that only one slice's future messages wait in memory. Live, the
    /// simulation owes at most `maximumBacklogOrders`; history (`skipping: false`) is whole.
    mutating func advance(to time: Int64, skipping: Bool = true) {
        guard time > simulatedUntil else { return }
        let backlog = Double(time - nextOrderAt) * ordersPerSecond / 1000
        if skipping, backlog > maximumBacklogOrders {
            let skipped = Int64((backlog - maximumBacklogOrders) / ordersPerSecond * 1000)
            nextOrderAt += skipped
            skippedMilliseconds += skipped
        }
        var reached = simulatedUntil
        while reached < time {
            reached = min(time, reached + 250)
            advanceSlice(to: reached)
        }
    }

    private mutating func advanceSlice(to time: Int64) {
        while nextOrderAt <= time {
            placeOrder(at: nextOrderAt)
            let meanGap = 1000 / ordersPerSecond
            let gap = meanGap * Double.random(in: 0.5...1.5, using: &random)
            if gap >= 0.5 {
                nextOrderAt += max(1, Int64(gap.rounded()))
            } else {
                // Above 1,000 orders/s several orders share a millisecond; carry the fraction.
                subMillisecondCarry += gap
                let whole = Int64(subMillisecondCarry)
                subMillisecondCarry -= Double(whole)
                nextOrderAt += whole
            }
        }
        while let next = pending.min, next.time <= time {
            append(pending.removeMin())
        }
        simulatedUntil = time
    }

    /// Appends a message produced from outside (a replay), at `time`.
    mutating func produce(_ message: OutgoingMessage, at time: Int64) throws(EvmonError) -> ProducedPosition {
        advance(to: time)
        guard let partitions = log.topics[message.topic] else {
            throw .unknownTopic(message.topic, known: log.topics.keys.sorted())
        }
        let partition = message.partition ?? message.key.map {
            Murmur2Partitioner.partition(forKey: $0, partitionCount: partitions.count)
        } ?? random.integer(in: 0...(partitions.count - 1))
        guard partitions.indices.contains(partition) else {
            throw .unknownPartition(topic: message.topic, partition: partition, count: partitions.count)
        }
        let appendedAt = max(time, simulatedUntil)
        let offset = log.append(
            topic: message.topic, partition: partition, timestamp: appendedAt,
            key: message.key, headers: message.headers, value: message.value)
        let coordinates = DemoEvents.OriginalCoordinates(topic: message.topic, partition: partition, offset: offset, timestamp: appendedAt)
        reactToProduced(message, at: coordinates)
        return ProducedPosition(topicPartition: TopicPartition(topic: message.topic, partition: partition), offset: .sequence(offset))
    }

    // MARK: - The order service and the inventory service

    private mutating func placeOrder(at time: Int64) {
        orderCount += 1
        let order = makeOrder()
        var fault: Fault?
        if orderCount == nextFaultAtOrder {
            fault = Fault.allCases[faultCount % Fault.allCases.count]
            faultCount += 1
            nextFaultAtOrder += random.integer(in: 150...300)
        }
        let created = orderEvent(order, type: "OrderCreated", sequence: 1, at: time)
        if payments {
            // Fixed, not drawn: the other topics stay as the seed makes them without payments.
            schedule(at: time + 150, topic: DemoPayments.topic, key: order.id, headers: [], value: DemoPayments.framed(order, sequence: orderCount, at: time + 150))
        }

        switch fault {
        case .malformed:
            let binary = faultCount / Fault.allCases.count % 2 == 1
            let original = binary
                ? schedule(at: time, topic: Self.ordersTopic, key: order.id, headers: [Header("content-type", "application/vnd.kafka.avro.v2")], value: DemoEvents.avroFramed(order))
                : schedule(at: time, topic: Self.ordersTopic, key: order.id, headers: [Header("content-type", "text/plain")],
                           value: Array(DemoEvents.legacyLogLine(order).utf8))
            deadLetter(original, at: time + reactionDelay(), failure: binary ? .binaryPayload : .malformed)
        case .duplicateEvent:
            schedule(at: time, topic: Self.ordersTopic, key: order.id, headers: created.headers, value: created.value)
            // A producer retry without idempotence: the very same event again.
            schedule(at: time + Int64(random.integer(in: 300...2_000)), topic: Self.ordersTopic, key: order.id, headers: created.headers, value: created.value)
            reserve(order, at: time + reactionDelay())
        case .outOfOrder:
            let cancelled = orderEvent(order, type: "OrderCancelled", sequence: 2, at: time, reason: "payment_declined")
            let early = schedule(at: time, topic: Self.ordersTopic, key: order.id, headers: cancelled.headers, value: cancelled.value)
            deadLetter(early, at: time + reactionDelay(), failure: .unknownReservation(order.id))
            let late = time + Int64(random.integer(in: 200...800))
            let createdLate = orderEvent(order, type: "OrderCreated", sequence: 1, at: late)
            schedule(at: late, topic: Self.ordersTopic, key: order.id, headers: createdLate.headers, value: createdLate.value)
            reserve(order, at: late + reactionDelay())
        case .missingReservation:
            schedule(at: time, topic: Self.ordersTopic, key: order.id, headers: created.headers, value: created.value)
        case nil:
            let original = schedule(at: time, topic: Self.ordersTopic, key: order.id, headers: created.headers, value: created.value)
            if random.chance(0.01) {
                let product = order.items[random.integer(in: 0...(order.items.count - 1))].product.id
                deadLetter(original, at: time + reactionDelay(), failure: .outOfStock(product))
                return
            }
            reserve(order, at: time + reactionDelay())
            if random.chance(0.08) {
                let cancelledAt = time + Int64(random.integer(in: 2_000...20_000))
                let cancelled = orderEvent(order, type: "OrderCancelled", sequence: 2, at: cancelledAt, reason: "customer_request")
                schedule(at: cancelledAt, topic: Self.ordersTopic, key: order.id, headers: cancelled.headers, value: cancelled.value)
                release(order, at: cancelledAt + reactionDelay())
            }
        }
    }

    private mutating func makeOrder() -> DemoEvents.Order {
        let itemCount = random.integer(in: 1...3)
        let items = (0..<itemCount).map { _ in
            DemoEvents.Item(
                product: DemoEvents.catalog[random.integer(in: 0...(DemoEvents.catalog.count - 1))],
                quantity: random.integer(in: 1...4))
        }
        let number = String(orderCount)
        let padded = String(repeating: "0", count: max(0, 6 - number.count)) + number
        return DemoEvents.Order(id: "ord-\(padded)", userID: "user-\(random.integer(in: 100...599))", items: items)
    }

    private mutating func orderEvent(
        _ order: DemoEvents.Order, type: String, sequence: Int, at time: Int64, reason: String? = nil
    ) -> (headers: [Header], value: [UInt8]) {
        let headers = DemoEvents.headers(eventType: type, traceID: random.hex(bytes: 16), spanID: random.hex(bytes: 8))
        let value = DemoEvents.event(
            type: type, id: random.uuid(), at: time,
            payload: DemoEvents.orderPayload(order, sequence: sequence, reason: reason))
        return (headers, value)
    }

    private mutating func reserve(_ order: DemoEvents.Order, at time: Int64) {
        inventoryEvent(order, type: "InventoryReserved", at: time)
    }

    private mutating func release(_ order: DemoEvents.Order, at time: Int64) {
        inventoryEvent(order, type: "InventoryReleased", at: time)
    }

    private mutating func inventoryEvent(_ order: DemoEvents.Order, type: String, at time: Int64) {
        let payload = DemoEvents.inventoryPayload(
            order, reservationID: "res-\(random.hex(bytes: 4))", warehouse: random.chance(0.5) ? "WH-1" : "WH-2")
        let headers = DemoEvents.headers(eventType: type, traceID: random.hex(bytes: 16), spanID: random.hex(bytes: 8))
        schedule(at: time, topic: Self.inventoryTopic, key: order.id, headers: headers,
                 value: DemoEvents.event(type: type, id: random.uuid(), at: time, payload: payload))
    }

    /// How long the inventory service takes to react (ms).
    private mutating func reactionDelay() -> Int64 {
        Int64(random.integer(in: 20...400))
    }

    // MARK: - Scheduling

    @discardableResult
    mutating func schedule(at time: Int64, topic: String, key: String, headers: [Header], value: [UInt8]) -> Int {
        nextSequence += 1
        pending.insert(Scheduled(
            time: time, sequence: nextSequence, topic: topic, key: Array(key.utf8), headers: headers, value: value))
        return nextSequence
    }

    /// A fresh sequence number, for a message that enters the log other than by `schedule`.
    mutating func allocateSequence() -> Int {
        nextSequence += 1
        return nextSequence
    }

    mutating func deadLetter(_ original: Int, at time: Int64, failure: DemoEvents.Failure) {
        nextSequence += 1
        awaitedOriginals.insert(original)
        pending.insert(Scheduled(
            time: time, sequence: nextSequence, topic: Self.deadLetterTopic, key: [], headers: [], value: [],
            deadLetterOf: original, failure: failure))
    }

    private mutating func append(_ message: Scheduled) {
        if let originalID = message.deadLetterOf, let failure = message.failure {
            // Spring's DeadLetterPublishingRecoverer: same key, value and headers as the original,
            // same partition number, plus the kafka_dlt-* headers.
            guard let original = appendedOriginals.removeValue(forKey: originalID),
                  let record = log.topics[original.topic]?[original.partition].record(at: original.offset)
            else { return }
            log.append(
                topic: Self.deadLetterTopic, partition: original.partition, timestamp: message.time, key: record.key,
                headers: record.headers + DemoEvents.springDeadLetterHeaders(original: original, group: "inventory", failure: failure),
                value: record.value)
            return
        }
        let partitionCount = log.topics[message.topic]!.count
        let partition = Murmur2Partitioner.partition(forKey: message.key, partitionCount: partitionCount)
        let offset = log.append(
            topic: message.topic, partition: partition, timestamp: message.time,
            key: message.key, headers: message.headers, value: message.value)
        if awaitedOriginals.remove(message.sequence) != nil {
            appendedOriginals[message.sequence] = DemoEvents.OriginalCoordinates(
                topic: message.topic, partition: partition, offset: offset, timestamp: message.time)
        }
    }
}

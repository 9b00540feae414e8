import EvmonModel
import EvmonJSON

extension DemoScenario {
    /// The inventory service reads what is produced to `orders` from outside (a replay, a
    /// re-produce) as it reads the order service's own events, so that a replay in the demo
    /// shows its consequence: a replayed OrderCreated is reserved now (the stock came back), a
    /// replayed OrderCancelled released, and a message that still is not JSON lands in
    /// `orders-dlt` again, for the same reason as before.
    ///
    /// Its choices (reaction delay, reservation id, trace ids) come from a generator seeded by
    /// where the message landed, not from the scenario's own, so that the rest of the story is
    /// the same with or without replays.
    mutating func reactToProduced(_ message: OutgoingMessage, at landed: DemoEvents.OriginalCoordinates) {
        guard message.topic == Self.ordersTopic else { return }
        var random = SplitMix64(seed: UInt64(bitPattern: landed.timestamp) &* 31 &+ UInt64(landed.offset) &* 7 &+ UInt64(landed.partition))
        let reactAt = landed.timestamp + Int64(random.integer(in: 20...400))
        guard let value = message.value, let event = try? JSONParser.parse(value) else {
            let failure: DemoEvents.Failure = message.value.flatMap { String(validating: $0, as: UTF8.self) } == nil ? .binaryPayload : .malformed
            deadLetterProduced(landed, at: reactAt, failure: failure)
            return
        }
        guard case .string(let type)? = event[member: "event_type"], let order = Self.order(in: event[member: "payload"]) else { return }
        let reaction: String
        switch type {
        case "OrderCreated": reaction = "InventoryReserved"
        case "OrderCancelled": reaction = "InventoryReleased"
        default: return
        }
        let payload = DemoEvents.inventoryPayload(
            order, reservationID: "res-\(random.hex(bytes: 4))", warehouse: random.chance(0.5) ? "WH-1" : "WH-2")
        let headers = DemoEvents.headers(eventType: reaction, traceID: random.hex(bytes: 16), spanID: random.hex(bytes: 8))
        schedule(at: reactAt, topic: Self.inventoryTopic, key: order.id, headers: headers,
                 value: DemoEvents.event(type: reaction, id: random.uuid(), at: reactAt, payload: payload))
    }

    /// Dead-letters a message that is already in the log.
    private mutating func deadLetterProduced(_ landed: DemoEvents.OriginalCoordinates, at time: Int64, failure: DemoEvents.Failure) {
        let original = allocateSequence()
        appendedOriginals[original] = landed
        deadLetter(original, at: time, failure: failure)
        // It is in the log already: nothing will arrive to be awaited.
        awaitedOriginals.remove(original)
    }

    /// The order an event's payload describes; `nil` when it does not name one.
    static func order(in payload: JSONValue?) -> DemoEvents.Order? {
        guard let payload, case .string(let id)? = payload[member: "order_id"] else { return nil }
        let user: String = if case .string(let user)? = payload[member: "user_id"] { user } else { "unknown" }
        var items: [DemoEvents.Item] = []
        if case .array(let listed)? = payload[member: "items"] {
            for item in listed {
                guard case .string(let productID)? = item[member: "product_id"] else { continue }
                let quantity: Int = if case .number(let number)? = item[member: "quantity"] { Int(number) } else { 1 }
                let product = DemoEvents.catalog.first { $0.id == productID } ?? DemoEvents.Product(id: productID, price: 1)
                items.append(DemoEvents.Item(product: product, quantity: quantity))
            }
        }
        return DemoEvents.Order(id: id, userID: user, items: items)
    }
}

import EvmonModel

/// A broker whose records come decoded: every record the inner adapter tails (and every dead
/// letter it tracks) leaves with `decoding` set as the run's `SchemaPlan` reads it, so that the
/// tail, `check`, traces and the monitor all see one decoded view. Everything else passes through.
public struct SchemaDecodingAdapter: BrokerAdapter {
    public let inner: any BrokerAdapter
    private let plan: SchemaPlan
    private let catalog: SchemaCatalog?

    /// `catalog` answers registry ids; without one, only local schemas apply.
    public init(_ inner: any BrokerAdapter, plan: SchemaPlan, catalog: SchemaCatalog?) {
        self.inner = inner
        self.plan = SchemaPlan(usesRegistry: plan.usesRegistry && catalog != nil, localSchemas: plan.localSchemas)
        self.catalog = catalog
    }

    public var displayURL: String { inner.displayURL }
    public var tailsSubjects: Bool { inner.tailsSubjects }

    /// The inner tail, pulled one event at a time as the reader asks (so a slow reader still
    /// slows the broker's reading), each batch decoded before it is handed on and preceded by
    /// any notice the registry gave meanwhile.
    public func tail(_ request: TailRequest) -> AsyncThrowingStream<TailEvent, any Error> {
        let reader = DecodingTailReader(inner.tail(request), adapter: self)
        return AsyncThrowingStream { try await reader.next() }
    }

    /// `records` with their keys and values read through the plan's schemas.
    public func decode(_ records: [Record]) async -> [Record] {
        let ids = plan.schemaIDs(in: records)
        let lookups = ids.isEmpty ? [:] : await catalog?.lookups(ids) ?? [:]
        var decoded = records
        for index in decoded.indices {
            plan.decode(&decoded[index]) { id in lookups[id] ?? .failed(reason: "schema id \(id) was not looked up", transient: true) }
        }
        return decoded
    }

    /// The local schema of `topic`'s values, if the config file names one.
    func localSchema(for topic: String) -> ResolvedSchema? { plan.localSchemas[topic] }

    /// Registry lookups of `ids`, through the catalog (cached after the first).
    func lookups(_ ids: Set<UInt32>) async -> [UInt32: SchemaLookup] { await catalog?.lookups(ids) ?? [:] }

    /// Registry notices not yet shown.
    func takeNotices() async -> [String] { await catalog?.takeNotices() ?? [] }

    public func listTopics() async throws -> [TopicMetadata] { try await inner.listTopics() }
    public func listConsumerGroups() async throws -> [ConsumerGroupSnapshot] { try await inner.listConsumerGroups() }
    public func produce(_ message: OutgoingMessage) async throws -> ProducedPosition { try await inner.produce(message) }

    public func produce(batch messages: [OutgoingMessage], compression: ProduceCompression) async -> [ProduceOutcome] {
        await inner.produce(batch: messages, compression: compression)
    }

    public func brokerDeadLetters(minimumDeliveries: Int) async throws -> [BrokerDeadLetter] {
        var letters = try await inner.brokerDeadLetters(minimumDeliveries: minimumDeliveries)
        let records = await decode(letters.map(\.record))
        for index in letters.indices { letters[index].record = records[index] }
        return letters
    }

    public func brokerDeadLetterBlindSpot() async -> String? { await inner.brokerDeadLetterBlindSpot() }
    public func readingNotice() async -> String? { await inner.readingNotice() }
    public func connectionStates() -> AsyncStream<ConnectionState> { inner.connectionStates() }
    public func shutdown() async { await inner.shutdown() }
}

/// The state of one decoded tail. The stream's unfolding closure calls `next` one call at a
/// time, never two at once, and the one read ahead is the only other user of the iterator, never
/// at the same time as `next`: that is what makes the unchecked sendability sound.
///
/// One event is read and decoded ahead while the reader handles the one before, so decoding
/// (the costly part) runs beside the monitor's own work instead of before it.
private final class DecodingTailReader: @unchecked Sendable {
    private var iterator: AsyncThrowingStream<TailEvent, any Error>.AsyncIterator
    private let adapter: SchemaDecodingAdapter
    private var queued: [TailEvent] = []
    private var ahead: Task<[TailEvent]?, any Error>?

    init(_ stream: AsyncThrowingStream<TailEvent, any Error>, adapter: SchemaDecodingAdapter) {
        iterator = stream.makeAsyncIterator()
        self.adapter = adapter
    }

    deinit {
        ahead?.cancel()
    }

    func next() async throws -> TailEvent? {
        if !queued.isEmpty { return queued.removeFirst() }
        let task = ahead ?? Task { try await self.readAndDecode() }
        ahead = nil
        guard let events = try await withTaskCancellationHandler(operation: { try await task.value }, onCancel: { task.cancel() }) else { return nil }
        // The next event is read and decoded while the caller handles these.
        ahead = Task { try await self.readAndDecode() }
        queued = Array(events.dropFirst())
        return events.first
    }

    /// The next event of the inner tail, decoded, after any registry notices; `nil` at its end.
    private func readAndDecode() async throws -> [TailEvent]? {
        guard let event = try await iterator.next() else { return nil }
        guard case .records(var batch) = event else { return [event] }
        batch.records = await adapter.decode(batch.records)
        return await adapter.takeNotices().map { .notice($0) } + [.records(batch)]
    }
}

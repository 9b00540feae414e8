import EvmonModel
import EvmonSchemas
import Testing

/// The run's schemas by id: asked once, an outage said once and asked again later, references
/// fetched before the schema that names them.
struct SchemaCatalogTests {
    /// A registry in memory that counts what it is asked and can be taken down.
    actor CountingSource: SchemaSource {
        var schemas: [UInt32: RegisteredSchema]
        var versions: [String: RegisteredSchema] = [:]
        var down = false
        private(set) var asked: [UInt32] = []

        init(_ schemas: [UInt32: RegisteredSchema]) { self.schemas = schemas }

        nonisolated var displayURL: String { "http://registry" }
        func setDown(_ value: Bool) { down = value }
        func addVersion(_ subject: String, _ version: Int, _ schema: RegisteredSchema) { versions["\(subject)/\(version)"] = schema }

        func schema(id: UInt32) async throws(RegistryError) -> RegisteredSchema {
            asked.append(id)
            if down { throw RegistryError("schema registry http://registry cannot be reached: connection refused", transient: true) }
            guard let schema = schemas[id] else { throw RegistryError("the registry has no schema with this id", transient: false) }
            return schema
        }

        func schema(subject: String, version: Int) async throws(RegistryError) -> RegisteredSchema {
            guard let schema = versions["\(subject)/\(version)"] else { throw RegistryError("no version", transient: false) }
            return schema
        }

        func filing(of id: UInt32) async -> (subject: String, version: Int)? { ("orders-value", Int(id)) }
    }

    static let order = RegisteredSchema(kind: .avro, text: #"{"type":"record","name":"O","fields":[{"name":"id","type":"string"}]}"#)

    static func framed(_ id: UInt8, _ payload: [UInt8]) -> Record {
        Record(topic: "orders", partition: 0, offset: .sequence(0), timestamp: 0, key: nil, value: [0, 0, 0, 0, id] + payload)
    }

    @Test func eachIDIsAskedOnceAndDecoded() async throws {
        let source = CountingSource([7: Self.order])
        let adapter = SchemaDecodingAdapter(EmptyAdapter(), plan: SchemaPlan(usesRegistry: true), catalog: SchemaCatalog(source: source))
        let records = await adapter.decode([Self.framed(7, [0x02, 0x61]), Self.framed(7, [0x02, 0x62]), Self.framed(9, [])])
        _ = await adapter.decode([Self.framed(7, [0x02, 0x63])])
        #expect(await source.asked.sorted() == [7, 9])
        #expect(records[0].readableValue == Array(#"{"id":"a"}"#.utf8))
        #expect(records[0].decoding?.value?.schema == SchemaLabel(id: 7, kind: .avro, subject: "orders-value", version: 7))
        #expect(records[2].decoding?.value?.failure == "schema id 9: the registry has no schema with this id")
        #expect(records[2].readableValue == records[2].value, "an undecoded value reads as its bytes")
    }

    @Test func anOutageIsSaidOnceAndAskedAgainLater() async throws {
        let source = CountingSource([7: Self.order, 8: Self.order])
        await source.setDown(true)
        let catalog = SchemaCatalog(source: source, retryInterval: .milliseconds(50))
        let adapter = SchemaDecodingAdapter(EmptyAdapter(), plan: SchemaPlan(usesRegistry: true), catalog: catalog)
        let first = await adapter.decode([Self.framed(7, [0x02, 0x61]), Self.framed(8, [0x02, 0x61])])
        #expect(first.allSatisfy { $0.decoding?.value?.failure?.contains("cannot be reached") == true })
        let notices = await catalog.takeNotices()
        #expect(notices.count == 1 && notices[0].contains("cannot be reached: connection refused; values stay raw"), "\(notices)")
        // Only the first id was asked for: the other failed at once, the registry having just
        // failed. Within the interval neither is asked again.
        #expect(first[1].decoding?.value?.failure == "schema id 8: schema registry http://registry cannot be reached: connection refused")
        _ = await adapter.decode([Self.framed(7, [0x02, 0x61]), Self.framed(8, [0x02, 0x61])])
        #expect(await source.asked.count == 1)
        await source.setDown(false)
        try await Task.sleep(for: .milliseconds(80))
        let later = await adapter.decode([Self.framed(7, [0x02, 0x61]), Self.framed(8, [0x02, 0x62])])
        #expect(later.map(\.readableValue) == [Array(#"{"id":"a"}"#.utf8), Array(#"{"id":"b"}"#.utf8)])
        let recovered = await catalog.takeNotices()
        #expect(recovered == ["schema registry http://registry answers again: new messages are decoded"])
    }

    @Test func randomIDsCannotGrowTheCatalogWithoutBound() async throws {
        let source = CountingSource([:])
        let catalog = SchemaCatalog(source: source)
        _ = await catalog.lookups(Set((1...UInt32(SchemaCatalog.maximumIDs)).map { $0 }))
        let past = await catalog.lookups([999_999])
        guard case .failed(let reason, false)? = past[999_999] else { Issue.record("\(past)"); return }
        #expect(reason.contains("not looked up"))
        #expect(await source.asked.count == SchemaCatalog.maximumIDs)
    }

    @Test func referencesAreFetchedFirstAndTheirTypesUsable() async throws {
        let money = RegisteredSchema(kind: .avro, text: #"{"type":"record","name":"Money","namespace":"shop","fields":[{"name":"units","type":"long"}]}"#)
        let priced = RegisteredSchema(
            kind: .avro, text: #"{"type":"record","name":"Priced","namespace":"shop","fields":[{"name":"price","type":"shop.Money"}]}"#,
            references: [SchemaReference(name: "shop.Money", subject: "money", version: 1)])
        let source = CountingSource([3: priced])
        await source.addVersion("money", 1, money)
        let adapter = SchemaDecodingAdapter(EmptyAdapter(), plan: SchemaPlan(usesRegistry: true), catalog: SchemaCatalog(source: source))
        let records = await adapter.decode([Self.framed(3, [0x06])])
        #expect(records[0].readableValue == Array(#"{"price":{"units":3}}"#.utf8))
    }

    @Test func protobufFramesNameTheirMessageByIndexes() async throws {
        let file = RegisteredSchema(kind: .protobuf, text: """
            syntax = "proto3"; package shop;
            import "money.proto";
            message Order { string id = 1; Money total = 2; message Line { int32 qty = 1; } }
            """, references: [SchemaReference(name: "money.proto", subject: "money", version: 1)])
        let money = RegisteredSchema(kind: .protobuf, text: #"syntax = "proto3"; package shop; message Money { int64 units = 1; }"#)
        let source = CountingSource([4: file])
        await source.addVersion("money", 1, money)
        let adapter = SchemaDecodingAdapter(EmptyAdapter(), plan: SchemaPlan(usesRegistry: true), catalog: SchemaCatalog(source: source))
        // [0] (one 0 byte): the first message, Order; [0, 0] (a count of 2, then 0 and 0): Order.Line.
        let order = Self.framed(4, [0x00, 0x0A, 0x01, 0x61, 0x12, 0x02, 0x08, 0x05])
        let line = Self.framed(4, [0x04, 0x00, 0x00, 0x08, 0x03])
        let nowhere = Self.framed(4, [0x02, 0x0E, 0x08, 0x03])
        let records = await adapter.decode([order, line, nowhere])
        #expect(records[0].readableValue == Array(#"{"id":"a","total":{"units":"5"}}"#.utf8))
        #expect(records[0].decoding?.value?.schema.messageName == "shop.Order")
        #expect(records[1].readableValue == Array(#"{"qty":3}"#.utf8))
        #expect(records[2].decoding?.value?.failure?.contains("points to no message") == true, "\(String(describing: records[2].decoding?.value?.failure))")
    }

    @Test func aTopicsLocalSchemaWinsOverFraming() throws {
        // Plain Avro whose first byte is 0 (a union's first branch) is not a frame.
        let schema = try AvroSchema.parse(Array(#"{"type":"record","name":"R","fields":[{"name":"a","type":["null","int"]},{"name":"b","type":"int"},{"name":"c","type":"int"},{"name":"d","type":"int"},{"name":"e","type":"int"}]}"#.utf8))
        let plan = SchemaPlan(usesRegistry: true, localSchemas: ["orders": ResolvedSchema(label: SchemaLabel(kind: .avro, file: "r.avsc"), compiled: .avro(schema))])
        var record = Record(topic: "orders", partition: 0, offset: .sequence(0), timestamp: 0, key: nil, value: [0, 2, 4, 6, 8])
        #expect(plan.schemaIDs(in: [record]).isEmpty)
        plan.decode(&record) { _ in .failed(reason: "asked", transient: false) }
        #expect(record.readableValue == Array(#"{"a":null,"b":1,"c":2,"d":3,"e":4}"#.utf8))
        #expect(record.decoding?.value?.schema.summary == "AVRO file r.avsc")
    }
}

/// An adapter with nothing in it: the tests decode through `SchemaDecodingAdapter.decode`.
struct EmptyAdapter: BrokerAdapter {
    var displayURL: String { "empty://" }
    func listTopics() async throws -> [TopicMetadata] { [] }
    func tail(_ request: TailRequest) -> AsyncThrowingStream<TailEvent, any Error> { AsyncThrowingStream { $0.finish() } }
    func listConsumerGroups() async throws -> [ConsumerGroupSnapshot] { [] }
    func produce(_ message: OutgoingMessage) async throws -> ProducedPosition { throw EvmonError.usage("read-only") }
    func connectionStates() -> AsyncStream<ConnectionState> { AsyncStream { $0.finish() } }
    func shutdown() async {}
}

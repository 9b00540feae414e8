import EvmonTestSupport
import Foundation
import Testing

/// Schema-aware reading from the command line: the demo's Avro topic through its own registry,
/// local schema files from the config file, and the settings' errors.
struct SchemaCommandTests {
    static let avroDemo = "demo://?start=1764115200000&avro=true"

    @Test func theDemosAvroTopicPrintsDecodedBesideTheExactBytes() async throws {
        let outcome = try await evmonOnOwnThread("tail", "payments", "--broker", Self.avroDemo, "--from", "earliest", "--count", "20", "--format", "json")
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let lines = try jsonLines(outcome)
        #expect(lines.count == 20)
        for line in lines {
            let decoded = try #require(line["decoded"] as? [String: Any])
            #expect((decoded["order_id"] as? String)?.hasPrefix("ord-") == true)
            #expect((decoded["amount"] as? String)?.contains(".") == true, "a decimal as its exact digits")
            #expect(["EUR", "USD", "GBP"].contains(decoded["currency"] as? String ?? ""))
            let schema = try #require(line["schema"] as? [String: Any])
            #expect(schema["id"] as? Int == 1 && schema["type"] as? String == "AVRO" && schema["subject"] as? String == "payments-value")
            #expect(try TailJSON.bytes(line["value"])?.first == 0, "value stays the framed bytes")
        }
        // Text shows the decoded JSON; the poison message's unknown id is its reason.
        let text = try await evmonOnOwnThread("tail", "payments", "--broker", Self.avroDemo, "--from", "earliest", "--count", "1")
        #expect(text.standardOutput.contains(#"{"payment_id":"pay-"#))
        let orders = try await evmonOnOwnThread("tail", "orders", "--broker", Self.avroDemo, "--from", "earliest", "-e", "--format", "json", "--filter", "!json", timeout: 60)
        #expect(orders.standardOutput.contains(#""schema":{"id":1042,"error":"schema id 1042: the registry has no schema with this id"}"#))
    }

    @Test func filtersAndWatchesReadTheDecodedValue() async throws {
        let filtered = try await evmonOnOwnThread(
            "tail", "payments", "--broker", Self.avroDemo, "--from", "earliest", "--count", "5", "--format", "json", "--filter", #"jq:.currency == "GBP""#)
        let currencies = try jsonLines(filtered).compactMap { ($0["decoded"] as? [String: Any])?["currency"] as? String }
        #expect(currencies == Array(repeating: "GBP", count: 5))
        let watches = try TemporaryFile(contents: """
            watches:
              - name: payments carry their order
                topic: payments
                require: [payment_id, order_id, amount, authorized_at]
            """, suffix: ".yaml")
        let check = try await evmonOnOwnThread("check", "--watches", watches.path, "--broker", Self.avroDemo, "--until", "2s", "--format", "json", timeout: 30)
        #expect(check.exitCode == 0, "\(check.standardOutput) \(check.standardError)")
        let verdict = try #require(try jsonLines(check).first)
        #expect(verdict["status"] as? String == "pass")
        #expect((verdict["evaluated"] as? Int ?? 0) > 100)
    }

    @Test func aRegistrySchemaWatchPassesFramedTopicsAndFailsTheRest() async throws {
        let watches = try TemporaryFile(contents: """
            watches:
              - name: payments use the registry
                topic: payments
                schema: registry
              - name: orders use the registry
                topic: orders
                schema: registry
            """, suffix: ".yaml")
        let check = try await evmonOnOwnThread("check", "--watches", watches.path, "--broker", Self.avroDemo, "--until", "2s", "--format", "json", timeout: 30)
        #expect(check.exitCode == 1, "\(check.standardOutput) \(check.standardError)")
        let verdicts = try jsonLines(check)
        #expect(verdicts.first { $0["name"] as? String == "payments use the registry" }?["status"] as? String == "pass")
        let orders = try #require(verdicts.first { $0["name"] as? String == "orders use the registry" })
        #expect(orders["status"] as? String == "fail")
        // JSON orders have no frame (the poison message's unknown id fails too, after them).
        #expect(check.standardOutput.contains("not written with a registered schema"))
        #expect((orders["failures"] as? Int ?? 0) == (orders["evaluated"] as? Int ?? -1), "every JSON order fails")
    }

    static let orderContract = """
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
         "required": ["event_id", "event_type", "timestamp", "payload"],
         "properties": {
           "event_id": {"type": "string", "format": "uuid"},
           "event_type": {"enum": ["OrderCreated", "OrderCancelled"]},
           "timestamp": {"type": "string", "format": "date-time"},
           "payload": {"$ref": "#/$defs/payload"}},
         "$defs": {"payload": {"type": "object", "required": ["order_id", "total"],
           "properties": {"order_id": {"type": "string", "pattern": "^ord-[0-9]{6}$"}, "total": {"type": "number", "minimum": 0, "maximum": MAX}}}}}
        """

    @Test func aJSONSchemaWatchChecksEveryValueAgainstItsContract() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-contract-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.orderContract.replacingOccurrences(of: "MAX", with: "100000").write(to: folder.appendingPathComponent("order.json"), atomically: true, encoding: .utf8)
        try Self.orderContract.replacingOccurrences(of: "MAX", with: "50").write(to: folder.appendingPathComponent("cheap.json"), atomically: true, encoding: .utf8)
        let watches = folder.appendingPathComponent("watches.yaml")
        try """
            watches:
              - name: orders keep their contract
                topic: orders
                non_json: skip
                schema: order.json
              - name: orders are cheap
                topic: orders
                non_json: skip
                schema: cheap.json
            """.write(to: watches, atomically: true, encoding: .utf8)
        let check = try await evmonOnOwnThread("check", "--watches", watches.path, "--broker", pinnedDemo, "--until", "2s", "--format", "json", timeout: 30)
        #expect(check.exitCode == 1, "\(check.standardOutput) \(check.standardError)")
        let verdicts = try jsonLines(check)
        #expect(verdicts.first { $0["name"] as? String == "orders keep their contract" }?["status"] as? String == "pass", "\(check.standardOutput)")
        let cheap = try #require(verdicts.first { $0["name"] as? String == "orders are cheap" })
        #expect(cheap["status"] as? String == "fail")
        let first = try #require(cheap["firstFailure"] as? [String: Any])
        #expect((first["why"] as? String)?.contains("does not match cheap.json: .payload.total:") == true, "\(first)")
        // A contract that is not a JSON Schema is exit 2 at its line in the watch file.
        try #"{"type": "nonsense"}"#.write(to: folder.appendingPathComponent("cheap.json"), atomically: true, encoding: .utf8)
        expectOneLineError(try await evmonOnOwnThread("check", "--watches", watches.path, "--broker", pinnedDemo, "--until", "1s"), code: 2, mentioning: "watches.yaml:")
    }

    @Test func aTopicsLocalAvroSchemaReadsPlainValuesOfACapture() async throws {
        let folder = try configFolder("""
            schemas:
              readings: reading.avsc
            """)
        try #"{"type":"record","name":"Reading","fields":[{"name":"sensor","type":"string"},{"name":"celsius","type":"double"}]}"#
            .write(toFile: folder + "/evmon/reading.avsc", atomically: true, encoding: .utf8)
        // "s1", 21.5 as Avro: a length-2 string, then a little-endian double.
        let value = [0x04, 0x73, 0x31] + withUnsafeBytes(of: (21.5).bitPattern.littleEndian) { Array($0) }
        let capture = try TemporaryFile(contents: #"{"topic":"readings","partition":0,"offset":0,"timestamp":1764115200000,"key":null,"headers":[],"value":{"base64":"\#(Data(value).base64EncodedString())"}}"# + "\n")
        let outcome = try await evmonOnOwnThread("tail", "readings", "--broker", "file://" + capture.path, "--from", "earliest", "-e", "--format", "json", environment: ["XDG_CONFIG_HOME": folder])
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let line = try #require(try jsonLines(outcome).first)
        #expect((line["decoded"] as? [String: Any])?["celsius"] as? Double == 21.5)
        #expect((line["schema"] as? [String: Any])?["file"] as? String == "reading.avsc")
    }

    @Test func badSchemaSettingsAreUsageErrors() async throws {
        expectOneLineError(
            try await evmonOnOwnThread("topics", "--broker", "kafka://127.0.0.1:9?schema_registry=ftp://x"), code: 2, mentioning: "must start with http:// or https://")
        expectOneLineError(
            try await evmonOnOwnThread("topics", "--broker", "kafka://127.0.0.1:9?schema_registry=http://u:p@x"), code: 2, mentioning: "EVMON_SCHEMA_REGISTRY_USER")
        // Nothing that could end a line of the HTTP request: a host or a path with a space.
        expectOneLineError(
            try await evmonOnOwnThread("topics", "--broker", "kafka://127.0.0.1:9?schema_registry=http://reg istry:8081"), code: 2, mentioning: "is not a host name")
        expectOneLineError(
            try await evmonOnOwnThread("topics", "--broker", "kafka://127.0.0.1:9?schema_registry=http://registry:8081/a b"), code: 2, mentioning: "no spaces")
        let folder = try configFolder("schemas:\n  orders: missing.avsc\n")
        expectOneLineError(try await evmonOnOwnThread("topics", "--broker", "demo://", environment: ["XDG_CONFIG_HOME": folder]), code: 2, mentioning: "cannot read")
    }
}

import EvmonTestSupport
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct CheckCommandTests {
    private func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-watches-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private var example: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/watches/orders.yaml").path
    }

    @Test func theExampleCatchesEveryPlantedFault() throws {
        let junit = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-junit-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: junit) }
        let outcome = try evmon("check", "--watches", example, "--broker", pinnedDemo, "--until", "3s", "--format", "json", "--junit", junit)
        #expect(outcome.exitCode == 1, "\(outcome.standardError)")
        let lines = try jsonLines(outcome)
        #expect(lines.allSatisfy { Set($0.keys) == ["name", "kind", "status", "evaluated", "failures", "firstFailure"] })
        let status = Dictionary(uniqueKeysWithValues: lines.map { ($0["name"] as! String, $0["status"] as! String) })
        #expect(status == [
            "events are JSON with the required fields": "fail", "order totals add up": "pass", "known event types": "pass", "no duplicate events": "fail",
            "per-order sequence": "fail", "reserved within 5 s": "fail", "no reservation after a cancellation": "fail",
            "nothing dead-lettered": "fail", "orders keep flowing": "pass", "inventory keeps up": "pass", "audit keeps up": "fail",
        ])
        let duplicates = try #require(lines.first { $0["name"] as? String == "no duplicate events" })
        let first = try #require(duplicates["firstFailure"] as? [String: Any])
        #expect(Set(first.keys) == ["topic", "partition", "offset", "key", "why"])
        #expect(first["topic"] as? String == "orders")
        #expect((first["why"] as? String)?.hasPrefix("duplicate .event_id") == true)
        let malformed = try #require(lines.first?["firstFailure"] as? [String: Any])
        #expect((malformed["why"] as? String)?.hasPrefix("value is not JSON") == true)

        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"<testsuite name="\#(example)" tests="11" failures="7" errors="0" skipped="0" time=""#))
        #expect(xml.contains(#"<testcase name="order totals add up" classname="orders" time=""#))
        #expect(xml.contains(#"type="unique">"#))
        #expect(xml.contains("first offending message: orders/"))
        // The Avro poison message's bytes are escaped, never raw.
        #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        _ = try XMLDocument(xmlString: xml)
    }

    @Test func allPassingIsExitZeroAndTextSaysSo() throws {
        let watches = try file("""
            watches:
              - name: totals
                topic: orders
                non_json: skip
                where: '.event_type == "OrderCreated"'
                expect: '.payload.total == ([.payload.items[] | .price * .quantity] | add)'
              - name: inventory is JSON
                topic: inventory
                require: [event_id, payload.order_id]
            """)
        let outcome = try evmon("check", "--watches", watches, "--broker", pinnedDemo, "--until", "2s")
        #expect(outcome.exitCode == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(outcome.lines.first?.hasPrefix("PASS    totals") == true)
        #expect(outcome.lines.last?.hasSuffix(": 2 passed, 0 failed, 0 pending") == true)
    }

    @Test func pendingPassesUnlessAskedToFail() throws {
        let watches = try file("""
            watches:
              - name: cancelled within the hour
                topic: orders
                non_json: skip
                where: '.event_type == "OrderCreated"'
                followed_by: { topic: orders, where: '.event_type == "OrderCancelled"', match: key, within: 1h }
            """)
        let lenient = try evmon("check", "--watches", watches, "--broker", pinnedDemo, "--until", "2s", "--format", "json")
        #expect(lenient.exitCode == 0, "\(lenient.standardError)")
        #expect(try jsonLines(lenient).first?["status"] as? String == "pending")
        let strict = try evmon("check", "--watches", watches, "--broker", pinnedDemo, "--until", "2s", "--pending", "fail")
        #expect(strict.exitCode == 1)
    }

    @Test func idleEndsARunWithNothingToRead() throws {
        let watches = try file("watches:\n  - name: dlt\n    topic: orders-dlt\n    empty: true\n")
        let started = Date()
        let outcome = try evmon("check", "--watches", watches, "--broker", pinnedDemo, "--from", "latest", "--idle", "500ms", "--format", "json")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect([0, 1].contains(outcome.exitCode))
    }

    /// `--from` a time judges only what was written from then on; an offset is refused.
    @Test func aTimeStartJudgesFromThenOn() throws {
        let watches = try file("watches:\n  - name: fields\n    topic: inventory\n    non_json: skip\n    require: [event_id]\n")
        let all = try jsonLines(try evmon("tail", "inventory", "--broker", pinnedDemo, "--from", "earliest", "-e", "--format", "json"))
        let pivot = try #require(all[all.count / 2]["timestamp"] as? Int64)
        let expected = all.filter { ($0["timestamp"] as? Int64 ?? 0) >= pivot }.count
        let outcome = try evmon("check", "--watches", watches, "--broker", pinnedDemo, "--from", "@\(pivot)", "--until", "2s", "--format", "json")
        let judged = try #require(try jsonLines(outcome).first?["evaluated"] as? Int, "\(outcome.standardError)")
        // The demo keeps writing (about 20 a second) while check runs its 2 s; never fewer.
        #expect((expected...(expected + 200)).contains(judged), "\(judged) judged, \(expected) expected")
        #expect(judged < all.count)
        let offset = try evmon("check", "--watches", watches, "--broker", pinnedDemo, "--from", "5")
        expectOneLineError(offset, code: 2, mentioning: "check reads from earliest, latest or a time")
    }

    @Test func severalFilesAreOneTestsuiteEach() throws {
        let first = try file("watches:\n  - name: dlt\n    topic: orders-dlt\n    empty: true\n")
        let second = try file("watches:\n  - name: dlt\n    topic: orders\n    non_json: skip\n    require: [event_id]\n")
        let junit = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-junit-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: junit) }
        let outcome = try evmon("check", "--watches", first, "--watches", second, "--broker", pinnedDemo, "--until", "2s", "--junit", junit)
        #expect(outcome.exitCode == 1, "\(outcome.standardError)")
        #expect(outcome.lines.contains { $0.hasSuffix("watches in \(first): 0 passed, 1 failed, 0 pending") })
        #expect(outcome.lines.contains { $0.hasSuffix("watches in \(second): 1 passed, 0 failed, 0 pending") })
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains(#"<testsuites name="evmon check" tests="2" failures="1" skipped="0" time=""#))
        #expect(xml.contains(#"<testsuite name="\#(first)" tests="1" failures="1""#))
        #expect(xml.contains(#"<testsuite name="\#(second)" tests="1" failures="0""#))
        expectOneLineError(try evmon("check", "--broker", pinnedDemo), code: 2, mentioning: "Missing expected argument '--watches")
    }

    @Test func lagOnlyFilesPollGroupsAndEndWhenIdle() throws {
        let watches = try file("watches:\n  - name: audit\n    lag: { group: audit, max: 100 }\n  - name: inventory\n    lag: { group: inventory, max: 100 }\n")
        let outcome = try evmon("check", "--watches", watches, "--broker", pinnedDemo, "--idle", "1500ms", "--format", "json")
        #expect(outcome.exitCode == 1, "\(outcome.standardError)")
        let lines = try jsonLines(outcome)
        #expect(lines.map { $0["status"] as? String } == ["fail", "pass"])
        #expect(((lines[0]["firstFailure"] as? [String: Any])?["why"] as? String)?.contains("for group audit") == true)
    }

    @Test func badWatchFilesAreExitTwoWithWhereAndWhat() throws {
        let unknownTopic = try file("watches:\n  - name: payments flow\n    topic: payments\n    empty: true\n")
        expectOneLineError(try evmon("check", "--watches", unknownTopic, "--broker", pinnedDemo), code: 2,
                           mentioning: "watch 'payments flow' (\(unknownTopic):2:5): unknown topic 'payments' (known: inventory, orders, orders-dlt)")
        let badJQ = try file("watches:\n  - name: broken\n    topic: orders\n    expect: '.a | frobnicate'\n")
        expectOneLineError(try evmon("check", "--watches", badJQ, "--broker", pinnedDemo), code: 2,
                           mentioning: "watch 'broken' (\(badJQ):2:5): expect '.a | frobnicate' is not valid jq: frobnicate/0 is not defined")
        let badYAML = try file("watches:\n  - name: x\n    kind: require\n")
        expectOneLineError(try evmon("check", "--watches", badYAML, "--broker", pinnedDemo), code: 2, mentioning: "\(badYAML):3:5: unknown key 'kind'")
        expectOneLineError(try evmon("check", "--watches", "/nonexistent.yaml"), code: 2, mentioning: "/nonexistent.yaml: cannot read")
        expectOneLineError(try evmon("check", "--watches", badYAML, "--until", "soon"), code: 2, mentioning: "--until soon")
    }
}

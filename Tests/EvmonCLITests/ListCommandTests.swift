import EvmonTestSupport
import Foundation
import Testing

@Suite struct TopicsCommandTests {
    @Test func jsonHasOneObjectPerTopic() throws {
        let outcome = try evmon("topics", "--broker", pinnedDemo, "--format", "json")
        #expect(outcome.exitCode == 0)
        let topics = try jsonLines(outcome)
        #expect(topics.map { $0["topic"] as? String } == ["inventory", "orders", "orders-dlt"])
        for topic in topics {
            #expect(Set(topic.keys) == ["topic", "partitions", "messages"])
            #expect(topic["partitions"] as? Int == 3)
            #expect((topic["messages"] as? Int ?? 0) > 0)
        }
    }

    @Test func tableForPeople() throws {
        let outcome = try evmon("topics", "--broker", pinnedDemo)
        #expect(outcome.lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["TOPIC", "PARTITIONS", "MESSAGES"])
        #expect(outcome.lines.count == 4)
    }
}

@Suite struct LagCommandTests {
    @Test func notificationsLagPerPartition() throws {
        let outcome = try evmon("lag", "--broker", "demo://", "--group", "notifications", "--format", "json", "--samples", "1")
        #expect(outcome.exitCode == 0, "\(outcome.standardError)")
        let rows = try jsonLines(outcome)
        #expect(rows.count == 3)
        for (index, row) in rows.enumerated() {
            #expect(Set(row.keys) == ["group", "topic", "partition", "committed", "end", "lag", "health"])
            #expect(row["group"] as? String == "notifications")
            #expect(row["topic"] as? String == "orders")
            #expect(row["partition"] as? Int == index)
            let committed = try #require(row["committed"] as? Int)
            let end = try #require(row["end"] as? Int)
            #expect(row["lag"] as? Int == end - committed)
        }
    }

    @Test func everyGroupWithoutAFilter() throws {
        let rows = try jsonLines(try evmon("lag", "--broker", pinnedDemo, "--format", "json", "--samples", "1"))
        #expect(Set(rows.compactMap { $0["group"] as? String }) == ["audit", "inventory", "notifications", "shipping"])
        #expect(rows.count == 12)
    }

    @Test func tableForPeople() throws {
        let outcome = try evmon("lag", "--broker", pinnedDemo, "--group", "shipping", "--samples", "1")
        #expect(outcome.lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "HEALTH"])
        #expect(outcome.lines.dropFirst().allSatisfy { $0.hasPrefix("shipping") && $0.contains("inventory") })
    }

    @Test func anUnknownGroupIsAnError() throws {
        expectOneLineError(try evmon("lag", "--broker", pinnedDemo, "--group", "billing"), code: 2, mentioning: "unknown consumer group 'billing'")
    }
}

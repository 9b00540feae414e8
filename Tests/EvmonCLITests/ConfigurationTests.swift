@testable import EvmonCommands
import EvmonConfig
import Foundation
import Testing
import EvmonModel

@Suite struct ConfigurationTests {
    @Test func readsProfilesAndTheDefault() throws {
        let configuration = try Configuration.parse("""
            default: local
            profiles:
              local:
                broker: demo://?seed=3
              prod:
                broker: kafka://k1:9092,k2:9092
                read_only: true
            """, path: "config.yaml")
        #expect(configuration.defaultProfile == "local")
        #expect(configuration.profiles["local"] == .init(broker: "demo://?seed=3", readOnly: false))
        #expect(configuration.profiles["prod"] == .init(broker: "kafka://k1:9092,k2:9092", readOnly: true))
    }

    @Test func deadLetterPatternsAddTopicNames() throws {
        let configuration = try Configuration.parse("dead_letters:\n  - \"*.failed\"\n  - quarantine\n", path: "c.yaml")
        #expect(configuration.deadLetterPatterns.map(\.description) == ["*.failed", "quarantine"])
        let recognizer = configuration.deadLetters
        #expect(recognizer.isDeadLetterTopic("payments.failed"))
        #expect(recognizer.naming.origin(of: "payments.failed") == "payments")
        #expect(recognizer.isDeadLetterTopic("quarantine"))
        #expect(!recognizer.isDeadLetterTopic("payments"))
    }

    @Test func poisonDeliveriesSetsWhenAPendingEntryIsADeadLetter() throws {
        #expect(try Configuration.parse("", path: "c.yaml").deadLetters.poisonDeliveries == 3)
        #expect(try Configuration.parse("poison_deliveries: 5\n", path: "c.yaml").deadLetters.poisonDeliveries == 5)
    }

    @Test func traceSaysHowMessagesJoinAndHowFarToLook() throws {
        let defaults = try Configuration.parse("", path: "c.yaml")
        #expect(defaults.traceLinks.isEmpty)
        #expect(defaults.traceWindow == 600_000)
        let configured = try Configuration.parse("trace:\n  by: [key, .payload.order_id, \"header:x-correlation-id\"]\n  window: 30m\n", path: "c.yaml")
        #expect(configured.traceLinks.map(\.description) == ["key", ".payload.order_id", "header:x-correlation-id"])
        #expect(configured.traceWindow == 1_800_000)
    }

    @Test func anEmptyFileIsNoConfiguration() throws {
        #expect(try Configuration.parse("", path: "c.yaml") == Configuration())
    }

    @Test(arguments: [
        ("- a\n- b\n", "expected a mapping"),
        ("colour: blue\n", "c.yaml:1:1: unknown key 'colour'"),
        ("profiles:\n  p:\n    read_only: maybe\n    broker: demo://\n", "c.yaml:3:16: read_only must be true or false"),
        ("profiles:\n  p:\n    read_only: true\n", "profile 'p' has no broker"),
        ("default: x\nprofiles: {}\n", "default profile 'x' is not among the profiles"),
        ("profiles: [1]\n", "'profiles' must be a mapping"),
        ("dead_letters: \"*.failed\"\n", "c.yaml:1:15: 'dead_letters' must be a list"),
        ("dead_letters:\n  - \"*.*\"\n", "c.yaml:2:5: dead-letter pattern '*.*' has more than one '*'"),
        ("dead_letters:\n  - [x]\n", "c.yaml:2:5: a dead-letter pattern must be text"),
        ("poison_deliveries: 0\n", "c.yaml:1:20: 'poison_deliveries' must be a whole number of deliveries, at least 1"),
        ("poison_deliveries: many\n", "c.yaml:1:20: 'poison_deliveries' must be a whole number"),
        ("trace: [key]\n", "c.yaml:1:8: 'trace' must be a mapping"),
        ("trace:\n  by: [payload.order_id]\n", "c.yaml:2:8: --by payload.order_id: expected key, traceparent"),
        ("trace:\n  window: soon\n", "c.yaml:2:11: trace.window: 'soon' is not a duration"),
        ("trace:\n  depth: 3\n", "c.yaml:2:3: unknown key 'trace.depth'"),
    ])
    func brokenFilesSayWhereAndWhat(text: String, fragment: String) {
        #expect {
            try Configuration.parse(text, path: "c.yaml")
        } throws: { error in
            guard let error = error as? EvmonError, case .usage(let message) = error else { return false }
            return message.contains(fragment)
        }
    }

    @Test func theFileLivesUnderXDGConfigHome() {
        #expect(Configuration.path(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"]) == "/x/evmon/config.yaml")
        #expect(Configuration.path(environment: ["HOME": "/h"]) == "/h/.config/evmon/config.yaml")
    }

    @Test func theReadOnlyFlagOrTheProfileRefusesWrites() throws {
        var options = try GlobalOptions.parse(["--read-only", "--broker", "demo://"])
        #expect(try options.resolve(environment: [:]).readOnlyReason == "--read-only")
        options = try GlobalOptions.parse([])
        let resolved = try options.resolve(environment: ["XDG_CONFIG_HOME": "/nonexistent"])
        #expect(resolved.url == .demo(.init()))
        #expect(!resolved.readOnly)
    }

    @Test func aProfilesReadOnlyFollowsItsClusterHoweverItIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("evmon"), withIntermediateDirectories: true)
        try """
            default: dev
            profiles:
              dev:
                broker: kafka://dev:9092
              prod:
                broker: kafka://p1:9092,p2:9092
                read_only: true
            """.write(to: folder.appendingPathComponent("evmon/config.yaml"), atomically: true, encoding: .utf8)
        let environment = ["XDG_CONFIG_HOME": folder.path]
        let named = try GlobalOptions.parse(["--broker", "kafka://P2:9092"]).resolve(environment: environment)
        #expect(named.readOnlyReason == "profile 'prod' has read_only: true for the cluster --broker names")
        let fromEnvironment = try GlobalOptions.parse([]).resolve(environment: environment.merging(["EVMON_BROKER": "kafka://p1:9092"]) { $1 })
        #expect(fromEnvironment.readOnlyReason == "profile 'prod' has read_only: true for the cluster EVMON_BROKER names")
        #expect(try !GlobalOptions.parse(["--broker", "kafka://dev:9092"]).resolve(environment: environment).readOnly)
        #expect(try GlobalOptions.parse(["--read-only", "--broker", "kafka://p1:9092"]).resolve(environment: environment).readOnlyReason == "--read-only")
    }
}

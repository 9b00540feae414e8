import Foundation

/// The one gate every integration suite passes: the test brokers `scripts/test-brokers.sh`
/// started are named by the variables it exports (`EVMON_TEST_KAFKA`, `EVMON_TEST_REDIS`, …).
///
/// Without its variable a suite skips when run ad hoc (`swift test` on a laptop with no
/// brokers), and under `EVMON_REQUIRE_BROKERS=1`, which `make test` sets, it runs and fails
/// naming the missing variable: integration tests never skip silently in CI.
public struct TestBrokerGate: Sendable {
    /// The variable holding the main server's `host:port`.
    public let variable: String

    public init(_ variable: String) {
        self.variable = variable
    }

    /// True under `EVMON_REQUIRE_BROKERS=1`.
    public static let required = ProcessInfo.processInfo.environment["EVMON_REQUIRE_BROKERS"] == "1"

    /// The main server's `host:port`, when the variable is set.
    public var address: String? { Self.value(variable) }

    /// Whether the suite runs at all: with its server, or when servers are required (and then fails).
    public var enabled: Bool { address != nil || Self.required }

    /// The main server's `host:port`, or a failure naming the variable.
    public func hostPort() throws -> String { try Self.variable(variable) }

    /// Another variable the brokers script exports (a second server, a user), or a failure naming it.
    public static func variable(_ name: String) throws -> String {
        guard let value = value(name) else { throw MissingTestBroker(variable: name) }
        return value
    }

    /// A name no other test uses: `stem`, `separator` and eight characters of a UUID.
    public static func uniqueName(_ stem: String, separator: String = "-", lowercased: Bool = true) -> String {
        let suffix = UUID().uuidString.prefix(8)
        return stem + separator + (lowercased ? suffix.lowercased() : String(suffix))
    }

    private static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}

/// A test broker's variable is not set though `EVMON_REQUIRE_BROKERS=1` says brokers must run.
public struct MissingTestBroker: Error, CustomStringConvertible {
    public var variable: String

    public var description: String {
        "\(variable) is not set but EVMON_REQUIRE_BROKERS=1: start brokers with scripts/test-brokers.sh"
    }
}

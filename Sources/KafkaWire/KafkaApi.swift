/// The Kafka APIs evmon speaks, with the versions it can encode and decode.
public enum KafkaApi: Int16, Sendable, CaseIterable, CustomStringConvertible {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetFetch = 9
    case findCoordinator = 10
    case describeGroups = 15
    case listGroups = 16
    case saslHandshake = 17
    case apiVersions = 18
    case saslAuthenticate = 36

    /// The versions evmon implements; the broker's ApiVersions answer narrows them.
    public var supportedVersions: ClosedRange<Int16> {
        switch self {
        case .produce: 3...9
        case .fetch: 4...12
        case .listOffsets: 1...7
        case .metadata: 1...12
        case .offsetFetch: 1...7
        case .findCoordinator: 0...3
        case .describeGroups: 0...5
        case .listGroups: 0...4
        case .saslHandshake: 1...1
        case .apiVersions: 0...3
        case .saslAuthenticate: 0...2
        }
    }

    /// The first version with compact fields and tagged-field blocks (`Int16.max`: none).
    public var firstFlexibleVersion: Int16 {
        switch self {
        case .produce: 9
        case .fetch: 12
        case .listOffsets: 6
        case .metadata: 9
        case .offsetFetch: 6
        case .findCoordinator: 3
        case .describeGroups: 5
        case .listGroups: 3
        case .saslHandshake: .max
        case .apiVersions: 3
        case .saslAuthenticate: 2
        }
    }

    public func isFlexible(_ version: Int16) -> Bool { version >= firstFlexibleVersion }

    /// Whether a response to `version` has the flexible header (with tagged fields).
    /// ApiVersions answers with header v0 always, so that any client can read it.
    public func hasFlexibleResponseHeader(_ version: Int16) -> Bool {
        self != .apiVersions && isFlexible(version)
    }

    public var description: String {
        switch self {
        case .produce: "Produce"
        case .fetch: "Fetch"
        case .listOffsets: "ListOffsets"
        case .metadata: "Metadata"
        case .offsetFetch: "OffsetFetch"
        case .findCoordinator: "FindCoordinator"
        case .describeGroups: "DescribeGroups"
        case .listGroups: "ListGroups"
        case .saslHandshake: "SaslHandshake"
        case .apiVersions: "ApiVersions"
        case .saslAuthenticate: "SaslAuthenticate"
        }
    }
}

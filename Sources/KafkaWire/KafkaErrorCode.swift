/// The Kafka error codes evmon acts on; others are reported by number and name where known.
public enum KafkaErrorCode: Int16, Sendable {
    case none = 0
    case offsetOutOfRange = 1
    case corruptMessage = 2
    case unknownTopicOrPartition = 3
    case leaderNotAvailable = 5
    case notLeaderOrFollower = 6
    case requestTimedOut = 7
    case replicaNotAvailable = 9
    case coordinatorLoadInProgress = 14
    case coordinatorNotAvailable = 15
    case notCoordinator = 16
    case topicAuthorizationFailed = 29
    case groupAuthorizationFailed = 30
    case unsupportedVersion = 35
    case unsupportedSaslMechanism = 33
    case illegalSaslState = 34
    case groupIdNotFound = 69
    case saslAuthenticationFailed = 58
    case kafkaStorageError = 56
    case fencedLeaderEpoch = 74
    case unknownLeaderEpoch = 75
    case offsetNotAvailable = 78

    /// Whether fresh metadata (a new leader, a new coordinator) and a retry can fix it.
    public static func isRetriable(_ code: Int16) -> Bool {
        switch KafkaErrorCode(rawValue: code) {
        case .unknownTopicOrPartition, .leaderNotAvailable, .notLeaderOrFollower, .requestTimedOut,
            .replicaNotAvailable, .coordinatorLoadInProgress, .coordinatorNotAvailable, .notCoordinator,
            .kafkaStorageError, .fencedLeaderEpoch, .unknownLeaderEpoch, .offsetNotAvailable:
            return true
        default:
            return false
        }
    }

    /// `NAME (code)` for messages.
    public static func describe(_ code: Int16) -> String {
        let name: String
        switch KafkaErrorCode(rawValue: code) {
        case .none?: name = "NONE"
        case .offsetOutOfRange?: name = "OFFSET_OUT_OF_RANGE"
        case .corruptMessage?: name = "CORRUPT_MESSAGE"
        case .unknownTopicOrPartition?: name = "UNKNOWN_TOPIC_OR_PARTITION"
        case .leaderNotAvailable?: name = "LEADER_NOT_AVAILABLE"
        case .notLeaderOrFollower?: name = "NOT_LEADER_OR_FOLLOWER"
        case .requestTimedOut?: name = "REQUEST_TIMED_OUT"
        case .replicaNotAvailable?: name = "REPLICA_NOT_AVAILABLE"
        case .coordinatorLoadInProgress?: name = "COORDINATOR_LOAD_IN_PROGRESS"
        case .coordinatorNotAvailable?: name = "COORDINATOR_NOT_AVAILABLE"
        case .notCoordinator?: name = "NOT_COORDINATOR"
        case .topicAuthorizationFailed?: name = "TOPIC_AUTHORIZATION_FAILED"
        case .groupAuthorizationFailed?: name = "GROUP_AUTHORIZATION_FAILED"
        case .unsupportedVersion?: name = "UNSUPPORTED_VERSION"
        case .unsupportedSaslMechanism?: name = "UNSUPPORTED_SASL_MECHANISM"
        case .illegalSaslState?: name = "ILLEGAL_SASL_STATE"
        case .groupIdNotFound?: name = "GROUP_ID_NOT_FOUND"
        case .saslAuthenticationFailed?: name = "SASL_AUTHENTICATION_FAILED"
        case .kafkaStorageError?: name = "KAFKA_STORAGE_ERROR"
        case .fencedLeaderEpoch?: name = "FENCED_LEADER_EPOCH"
        case .unknownLeaderEpoch?: name = "UNKNOWN_LEADER_EPOCH"
        case .offsetNotAvailable?: name = "OFFSET_NOT_AVAILABLE"
        case nil: name = "error"
        }
        return "\(name) (\(code))"
    }
}

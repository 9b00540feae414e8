import Foundation
import EvmonModel

/// Where an ephemeral ordered consumer starts, as JetStream's `deliver_policy` says it.
enum NATSDeliverPolicy: Sendable, Equatable {
    case all
    case new
    case startSequence(UInt64)
    /// Epoch milliseconds, sent as RFC 3339.
    case startTime(Int64)

    var fields: [String: Any] {
        switch self {
        case .all: return ["deliver_policy": "all"]
        case .new: return ["deliver_policy": "new"]
        case .startSequence(let sequence): return ["deliver_policy": "by_start_sequence", "opt_start_seq": max(1, sequence)]
        case .startTime(let milliseconds): return ["deliver_policy": "by_start_time", "opt_start_time": Timestamps.iso8601(milliseconds)]
        }
    }
}

/// The config of evmon's own consumers: ephemeral, ordered, push, with flow control, never
/// acknowledged and kept in memory, reaped by the server if evmon goes away without deleting it.
enum NATSOrderedConsumer {
    /// evmon's consumers are named so; lag listings leave them out.
    static let namePrefix = "evmon_"
    static let idleHeartbeat: Duration = .seconds(5)
    /// Two heartbeats missed (and some slack): the consumer is gone or the link is stuck.
    static let heartbeatsMissedAfter: Duration = .seconds(12)
    static let inactiveThreshold: Duration = .seconds(30)

    static func newName() -> String {
        namePrefix + NIONATSConnection.randomToken(12)
    }

    /// The `CONSUMER.CREATE` request body.
    static func createRequest(stream: String, name: String, deliverSubject: String, filterSubject: String?, policy: NATSDeliverPolicy) -> String {
        var config: [String: Any] = [
            "name": name,
            "deliver_subject": deliverSubject,
            "ack_policy": "none",
            "max_deliver": 1,
            "ack_wait": nanoseconds(.seconds(22 * 3600)),
            "replay_policy": "instant",
            "flow_control": true,
            "idle_heartbeat": nanoseconds(idleHeartbeat),
            "mem_storage": true,
            "num_replicas": 1,
            "inactive_threshold": nanoseconds(inactiveThreshold),
        ]
        if let filterSubject { config["filter_subject"] = filterSubject }
        config.merge(policy.fields) { $1 }
        let body: [String: Any] = ["stream_name": stream, "config": config]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data(), as: UTF8.self)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}

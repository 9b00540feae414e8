import EvmonApp
import EvmonModel

/// Consumer-group lag polled a few times, so that each partition gets the health verdict the
/// TUI's lag pane gives (OK, WARN, STALL, STOP, REWIND, UNKNOWN; `LagHealth`): the verdicts
/// judge how lag moves, which one poll cannot show.
struct LagSampling {
    /// One group's partitions after the last poll, each with its history.
    struct Group {
        var group: String
        /// The broker's word for the group's state, where it has one.
        var state: String?
        var partitions: [(offsets: PartitionOffsets, health: LagHealth)]

        /// The sum of known lags; `nil` when none is known.
        var totalLag: Int64? {
            let known = partitions.compactMap(\.offsets.lag)
            return known.isEmpty ? nil : known.clampedSum()
        }

        /// The worst partition's verdict, as the TUI's group row shows it.
        var worstHealth: LagHealth {
            partitions.map(\.health).max { $0.severity < $1.severity } ?? .unknown
        }
    }

    /// Polls `samples` times, `intervalMilliseconds` apart, and judges each partition over all
    /// of them. Groups and partitions are those of the last poll, sorted.
    static func poll(
        _ adapter: any BrokerAdapter, samples: Int, intervalMilliseconds: Int64, clock: some WallClock = SystemClock()
    ) async throws -> [Group] {
        var histories: [String: [TopicPartition: PartitionLagHistory]] = [:]
        var latest: [ConsumerGroupSnapshot] = []
        for index in 0..<samples {
            if index > 0 { try await Task.sleep(for: .milliseconds(intervalMilliseconds)) }
            latest = try await brokerCall(adapter) { try await adapter.listConsumerGroups() }
            let at = clock.now()
            for snapshot in latest {
                for offsets in snapshot.partitions {
                    if var history = histories[snapshot.group]?[offsets.topicPartition] {
                        history.record(offsets, at: at)
                        histories[snapshot.group]![offsets.topicPartition] = history
                    } else {
                        histories[snapshot.group, default: [:]][offsets.topicPartition] = PartitionLagHistory(
                            first: offsets, at: at, capacity: samples, healthWindow: samples)
                    }
                }
            }
        }
        return latest.sorted { $0.group < $1.group }.map { snapshot in
            let partitions = snapshot.partitions.sorted { $0.topicPartition < $1.topicPartition }.map { offsets in
                (offsets, histories[snapshot.group]?[offsets.topicPartition]?.health ?? .unknown)
            }
            return Group(group: snapshot.group, state: snapshot.state, partitions: partitions)
        }
    }
}

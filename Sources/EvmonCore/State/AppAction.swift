/// Everything that can happen to the model, named after what happened.
public enum AppAction: Sendable, Equatable {
    /// Time passed; due polls become effects.
    case clockTicked(at: Int64)
    /// The adapter's connection changed.
    case connectionChanged(ConnectionState)
    /// Topic metadata arrived (at time `at`).
    case topicsListed([TopicMetadata], at: Int64)
    /// A tail delivered records.
    case recordsFetched(RecordBatch)
    /// A tail reached the end of a partition.
    case partitionCaughtUp(TopicPartition)
    /// Consumer-group offsets arrived (at time `at`).
    case lagPolled([ConsumerGroupSnapshot], at: Int64)
    /// A broker call failed; the message is for people.
    case brokerFailed(String)
}

/// Work the runtime must do for the model; its results come back as actions.
public enum Effect: Sendable, Equatable {
    /// List topics with partitions and offsets → `topicsListed`.
    case refreshTopics
    /// Poll every group's offsets → `lagPolled`.
    case pollLag
}

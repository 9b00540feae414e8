import EvmonPresentation
import EvmonModel

/// Which topics are tailed, and from where: the stream's topics plus every dead-letter topic.
extension ViewState {
    /// Sizes the stream's viewport from the layout (its pane minus the border and header row).
    mutating func fitStreamViewport() {
        let paneHeight = layout.contentHeight(of: .stream)
        stream.setViewportHeight(max(1, paneHeight - 1))
    }
}

/// Picks what to stream when topics are first listed: the topics named on the command line, else
/// every topic when there are few, none (the user picks in the topics pane) when there are many.
func chooseTopicsOnce(_ state: inout AppState) {
    guard !state.view.hasChosenTopics, !state.topics.isEmpty else { return }
    state.view.hasChosenTopics = true
    let candidates = state.topicNames.filter { !$0.hasPrefix("__") && !state.isDeadLetterTopic($0) }
    let requested = state.settings.initialTopics
    guard !requested.isEmpty else {
        stream(candidates.count <= 6 ? candidates : [], in: &state)
        return
    }
    // `evmon ui TOPIC…`: those topics, whatever else the broker has.
    let unknown = requested.filter { state.topics[$0] == nil }
    stream(requested.filter { state.topics[$0] != nil }, in: &state)
    if !unknown.isEmpty {
        state.view.notice = Notice("unknown topic\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")) (known: \(state.topicNames.joined(separator: ", ")))", isError: true, at: state.now)
    }
}

/// Makes `topics` the stream's topics, rebuilding its rows from what is buffered.
func stream(_ topics: [String], in state: inout AppState) {
    rebuildStream(topics: topics, filter: state.view.stream.filter, in: &state)
}

/// Applies a new filter to the stream (rebuilding its rows).
func setFilter(_ filter: StreamFilter?, in state: inout AppState) {
    rebuildStream(topics: state.view.stream.topics, filter: filter, in: &state)
}

private func rebuildStream(topics: [String], filter: StreamFilter?, in state: inout AppState) {
    let capacity = max(1, topics.count) * state.settings.bufferRecordsPerTopic
    state.view.stream.reset(topics: topics, filter: filter, capacity: capacity, buffered: state.bufferedByArrival(topics))
    state.view.fitStreamViewport()
}

/// Starts tails for topics newly needed and stops those no longer needed.
func syncTails(_ state: inout AppState) -> [Effect] {
    let deadLetterTopics = state.topicNames.filter(state.isDeadLetterTopic)
    let wanted = Set(state.view.stream.topics).union(deadLetterTopics).union(state.watches.topics.filter { state.topics[$0] != nil })
    var effects: [Effect] = []
    let added = wanted.subtracting(state.tailedTopics)
    let removed = state.tailedTopics.subtracting(wanted)
    // A topic tailed afresh gets a fresh chance: its old failures no longer mark it.
    for topic in added { state.topics[topic]?.failedPartitions = [:] }
    let newStreamed = added.filter { !deadLetterTopics.contains($0) }.sorted()
    let newDeadLetters = added.filter { deadLetterTopics.contains($0) }.sorted()
    if !newStreamed.isEmpty { effects.append(.tail(topics: newStreamed, from: state.view.startPosition)) }
    if !newDeadLetters.isEmpty {
        effects.append(.tail(topics: newDeadLetters, from: .lastMessages(state.settings.deadLetterCapacity)))
    }
    if !removed.isEmpty { effects.append(.stopTailing(topics: removed.sorted())) }
    state.tailedTopics = wanted
    return effects
}

/// Restarts the stream's topics from `position`: forgets what they buffered, tails again.
/// `target` is the position as the user typed it, for the notices.
func seek(to position: StartPosition, target: String, in state: inout AppState) -> [Effect] {
    let topics = state.view.stream.topics
    guard !topics.isEmpty else {
        state.view.notice = Notice("nothing is streaming: pick topics first (space in the topics pane)", isError: true, at: state.now)
        return []
    }
    for topic in topics {
        state.topics[topic]?.buffer.removeAll()
        state.topics[topic]?.caughtUpPartitions = []
        state.topics[topic]?.failedPartitions = [:]
    }
    state.view.startPosition = position
    // The intake rate measures this reading from now on, not the time before it.
    state.ingestRate.observe(total: Int64(state.ingestedCount), at: state.now)
    stream(topics, in: &state)
    state.view.stream.landOnFirstRow()
    state.view.seek = SeekProgress(topics: topics, target: target)
    // The watches must not see re-read messages twice: they start over with the new reading.
    let rejudge: [Effect] = state.watches.topics.contains(where: topics.contains) ? [.rejudgeWatches] : []
    return [.tail(topics: topics, from: position)] + rejudge
}

/// Topics listed for the first time, not named as DLQs and holding messages, are probed once for
/// DLQ headers (Kafka Connect and Karafka name their DLQs freely), so the DLQ pane finds them
/// without the user streaming them.
func probeForDeadLetters(_ listed: [TopicMetadata], in state: inout AppState) -> [Effect] {
    let fresh = listed.filter { metadata in
        !state.probedTopics.contains(metadata.name) && !metadata.name.hasPrefix("__")
            && !state.isDeadLetterTopic(metadata.name) && metadata.messageCount > 0
    }
    guard !fresh.isEmpty else { return [] }
    state.probedTopics.formUnion(fresh.map(\.name))
    let partitions = fresh.flatMap { metadata in metadata.partitions.map { TopicPartition(topic: metadata.name, partition: $0.id) } }
    return [.probeDeadLetters(partitions.sorted())]
}

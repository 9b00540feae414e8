import EvmonModel
import EvmonDeadLetters

/// The model's only mutator: applies `action` to `state`, returning the work it asks for.
///
/// Pure: the same state and action always give the same result; time arrives inside actions.
public func reduce(_ state: inout AppState, _ action: AppAction) -> [Effect] {
    switch action {
    case .clockTicked(let at):
        state.now = max(state.now, at)
        state.ingestRate.observe(total: Int64(state.ingestedCount), at: state.now)
        return dueEffects(&state)

    case .connectionChanged(let connection):
        state.connection = connection
        if connection == .connected {
            state.lastError = nil
            // Fresh connection: refresh everything now instead of waiting for the interval.
            state.topicsRequestedAt = state.now
            state.lagRequestedAt = state.now
            return [
                .refreshTopics, .pollLag, .pollBrokerDeadLetters(minimumDeliveries: state.settings.deadLetters.poisonDeliveries),
                .checkDeadLetterBlindSpot,
            ]
        }
        return []

    case .topicsListed(let listed, let at):
        state.now = max(state.now, at)
        for metadata in listed {
            var topic = state.topics[metadata.name] ?? TopicState(metadata: metadata, settings: state.settings)
            topic.metadata = metadata
            topic.buffer.declare(partitionIDs: metadata.partitions.map(\.id))
            topic.rate.observe(total: metadata.writtenCount, at: at)
            state.topics[metadata.name] = topic
        }
        chooseTopicsOnce(&state)
        return syncTails(&state) + probeForDeadLetters(listed, in: &state)

    case .deadLetterTopicsDetected(let names):
        state.detectedDeadLetterTopics.formUnion(names)
        return syncTails(&state)

    case .recordsFetched(let batch):
        ingest(batch, into: &state)
        reportSeekLanding(in: &state)
        return []

    case .partitionCaughtUp(let topicPartition):
        state.topics[topicPartition.topic]?.caughtUpPartitions.insert(topicPartition.partition)
        reportSeekLanding(in: &state)
        return []

    case .partitionFailed(let topicPartition, let reason):
        state.topics[topicPartition.topic]?.failedPartitions[topicPartition.partition] = reason
        state.view.notice = Notice("\(topicPartition.shown): \(reason); its other partitions keep streaming", isError: true, at: state.now)
        return []

    case .lagPolled(let snapshots, let at):
        state.now = max(state.now, at)
        for snapshot in snapshots {
            var group = state.groups[snapshot.group] ?? GroupState(group: snapshot.group, brokerState: snapshot.state, polledAt: at)
            group.brokerState = snapshot.state
            group.polledAt = at
            for offsets in snapshot.partitions {
                if var history = group.partitions[offsets.topicPartition] {
                    history.record(offsets, at: at)
                    group.partitions[offsets.topicPartition] = history
                } else {
                    group.partitions[offsets.topicPartition] = PartitionLagHistory(
                        first: offsets, at: at,
                        capacity: state.settings.lagHistoryLength, healthWindow: state.settings.healthWindow)
                }
            }
            state.groups[snapshot.group] = group
        }
        return []

    case .brokerDeadLettersPolled(let reported):
        listBrokerDeadLetters(reported, in: &state)
        return []

    case .deadLetterBlindSpotChecked(let blindSpot):
        state.deadLetterBlindSpot = blindSpot
        return []

    case .brokerFailed(let message):
        state.lastError = message
        return []

    case .keyPressed(let key):
        return handleKey(key, in: &state)

    case .viewConfigured(let view):
        state.view = view
        state.view.fitStreamViewport()
        return []

    case .terminalResized(let width, let height):
        state.view.width = width
        state.view.height = height
        state.view.fitStreamViewport()
        return []

    case .watchesLoaded(let path, let results, let topics):
        state.watches.path = path
        state.watches.results = results
        state.watches.topics = topics
        state.watches.loadError = nil
        state.view.notice = Notice("watching \(results.count) rules from \(path)", at: state.now)
        return syncTails(&state)

    case .watchesFailed(let path, let error):
        state.watches.loadError = error
        state.view.notice = Notice(error.hasPrefix(path) ? error : "\(path): \(error)", isError: true, at: state.now)
        return []

    case .watchResultsUpdated(let results):
        state.watches.results = results
        return []

    case .recordOpened(let record):
        openDetail(record, in: &state)
        return []

    case .replayHistoryLoaded(let history):
        state.replays = history
        return []

    case .replaySourcesFetched(let records, let request):
        return planReplays(request, fetched: records, in: &state)

    case .replayEdited(let plan):
        state.view.overlay = .confirmReplay([plan])
        return []

    case .replayFinished(let id, let outcome, let at):
        state.now = max(state.now, at)
        finishReplay(id, outcome, at: at, in: &state)
        return []

    case .replayRunEnded(let cancelled, let error):
        endReplayRun(cancelled: cancelled, error: error, in: &state)
        return []

    case .exportEnded(let outcome):
        exportEnded(outcome, in: &state)
        return []

    case .noticePosted(let text, let isError):
        state.view.notice = Notice(text, isError: isError, at: state.now)
        return []

    case .filesListed(let prefix, let paths):
        completeFile(prefix, among: paths, in: &state)
        return []

    case .traceSearched(let searchID, let found, let progress):
        traceSearched(searchID, found: found, progress: progress, in: &state)
        return []

    case .traceSearchEnded(let searchID, let error):
        traceSearchEnded(searchID, error: error, in: &state)
        return []
    }
}

private func ingest(_ batch: RecordBatch, into state: inout AppState) {
    let name = batch.topicPartition.topic
    guard !batch.records.isEmpty else { return }
    // Moved out of the dictionary so the buffer mutates in place without a copy.
    var topic = state.topics.removeValue(forKey: name)
        ?? TopicState(
            metadata: TopicMetadata(name: name, partitions: []), settings: state.settings)
    topic.buffer.append(batch.records, partition: batch.topicPartition.partition, firstArrival: state.nextArrival)
    topic.receivedCount += batch.records.count
    state.topics[name] = topic
    let streamed = state.view.stream.topics.contains(name)
    let recognizer = state.settings.deadLetters
    var deadLetters = state.isDeadLetterTopic(name)
    // A topic of one kind of message: its batches' ends tell (checking every record would cost
    // every streamed message a header scan).
    if !deadLetters, let first = batch.records.first, let last = batch.records.last,
        DeadLetterConvention.recognized(in: first) != nil || DeadLetterConvention.recognized(in: last) != nil {
        deadLetters = true
        state.detectedDeadLetterTopics.insert(name)
        state.releaseDeadLetterGroups()
        // What was buffered before this batch is listed too (this batch follows below).
        for (topic, buffered) in state.bufferedByArrival([name]) where buffered.arrival < state.nextArrival {
            let reference = RecordRef(topic: topic, partition: buffered.record.partition, arrival: buffered.arrival)
            state.deadLetters.append(recognizer.entry(for: buffered.record, reference: reference))
        }
    }
    if streamed || deadLetters {
        let references = batch.records.indices.map {
            RecordRef(topic: name, partition: batch.topicPartition.partition, arrival: state.nextArrival &+ UInt64($0))
        }
        if streamed { state.view.stream.offer(references, records: batch.records) }
        if deadLetters {
            state.releaseDeadLetterGroups()
            for (reference, record) in zip(references, batch.records) {
                state.deadLetters.append(recognizer.entry(for: record, reference: reference))
            }
            state.regroupDeadLetters()
            state.reanchorDeadLetterCursor()
        }
    }
    state.nextArrival &+= UInt64(batch.records.count)
    state.ingestedCount += batch.records.count
}

/// Adds the broker-reported dead letters not listed yet. They are not in any buffer (the
/// reference's arrival matches nothing), so opening or replaying one fetches it from the broker.
/// Those sitting in a DLQ topic are listed as that topic's messages already.
private func listBrokerDeadLetters(_ reported: [BrokerDeadLetter], in state: inout AppState) {
    let listed = Set(state.deadLetters.map(\.id))
    let recognizer = state.settings.deadLetters
    let fresh = reported.filter { deadLetter in
        let record = deadLetter.record
        return !state.isDeadLetterTopic(record.topic)
            && !listed.contains(DeadLetterID(topic: record.topic, partition: record.partition, offset: record.offset))
    }
    guard !fresh.isEmpty else { return }
    state.releaseDeadLetterGroups()
    for deadLetter in fresh {
        let reference = RecordRef(topic: deadLetter.record.topic, partition: deadLetter.record.partition, arrival: RecordRef.unbuffered)
        state.deadLetters.append(recognizer.entry(for: deadLetter, reference: reference))
    }
    state.regroupDeadLetters()
    state.reanchorDeadLetterCursor()
}

private func dueEffects(_ state: inout AppState) -> [Effect] {
    guard state.connection == .connected else { return [] }
    var effects: [Effect] = []
    if isDue(state.topicsRequestedAt, every: state.settings.topicRefreshInterval, now: state.now) {
        state.topicsRequestedAt = state.now
        effects.append(.refreshTopics)
    }
    if isDue(state.lagRequestedAt, every: state.settings.lagPollInterval, now: state.now) {
        state.lagRequestedAt = state.now
        effects.append(.pollLag)
        effects.append(.pollBrokerDeadLetters(minimumDeliveries: state.settings.deadLetters.poisonDeliveries))
        effects.append(.checkDeadLetterBlindSpot)
    }
    return effects
}

private func isDue(_ last: Int64?, every interval: Int64, now: Int64) -> Bool {
    guard let last else { return true }
    return now - last >= interval
}

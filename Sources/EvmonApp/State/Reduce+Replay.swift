import EvmonPresentation
import EvmonModel
import EvmonDeadLetters

/// Replaying dead letters from the DLQ pane, and re-producing any message from the stream or
/// detail pane: plan, confirm (optionally edit), send, count.
///
/// Nothing is sent without a confirmation showing where each message goes; read-only sessions
/// refuse before planning.

/// `r`, `R` and `e` with a pane focused: replays what `candidates` names there (the DLQ pane's
/// marked entries or the one under the cursor, the message of the stream or detail pane);
/// `nil` for any other command, which the pane does not take.
func replayCommand(_ command: UICommand, of candidates: (AppState) -> [DeadLetterID], in state: inout AppState) -> [Effect]? {
    switch command {
    case .replay: startReplay(candidates, editing: false, in: &state)
    case .replayElsewhere: startReplay(candidates, editing: false, elsewhere: true, in: &state)
    case .editAndReplay: startReplay(candidates, editing: true, in: &state)
    default: nil
    }
}

/// Plans the replay of `candidates` (after checking writes are allowed and no run is going);
/// `elsewhere` asks for the target topic first.
private func startReplay(_ candidates: (AppState) -> [DeadLetterID], editing: Bool, elsewhere: Bool = false, in state: inout AppState) -> [Effect] {
    if let reason = state.view.readOnlyReason {
        state.view.notice = Notice("read-only (\(reason)): replays are disabled", isError: true, at: state.now)
        return []
    }
    if let progress = state.replayProgress {
        state.view.notice = Notice("a replay is running (\(progress.done)/\(progress.total)); esc cancels it", isError: true, at: state.now)
        return []
    }
    let ids = candidates(state)
    guard !ids.isEmpty else {
        state.view.notice = Notice("nothing to replay: no message under the cursor", isError: true, at: state.now)
        return []
    }
    if editing, ids.count != 1 {
        state.view.notice = Notice("e edits one message: put the cursor on it (marks are for bulk replays)", isError: true, at: state.now)
        return []
    }
    if elsewhere {
        state.view.mode = .replayTarget(ReplayTargetPrompt(ids: ids, replacesOrigins: true))
        return []
    }
    return planReplays(ReplayRequest(ids: ids, editing: editing), in: &state)
}

/// Plans a replay of each message of the request, then shows the confirmation (or opens the
/// editor first). Messages no longer buffered are fetched from the broker first (`fetched`
/// holds them on the second pass); an unknown origin without a target opens the prompt.
func planReplays(_ request: ReplayRequest, fetched: [Record]? = nil, in state: inout AppState) -> [Effect] {
    func fail(_ text: String) -> [Effect] {
        state.view.notice = Notice(text, isError: true, at: state.now)
        return []
    }
    let sources = request.ids.map { replaySource($0, in: state, fetched: fetched ?? []) }
    let missing = zip(request.ids, sources).filter { $0.1 == nil }.map(\.0)
    if let first = missing.first {
        guard fetched != nil else { return [.fetchForReplay(request)] }
        return fail("\(first.shown) is no longer held by the broker (retention?): nothing to replay" + (missing.count > 1 ? " (nor \(missing.count - 1) more)" : ""))
    }
    var plans: [ReplayPlan] = []
    for case let (record, entry)? in sources {
        let override = request.replacesOrigins || entry.originalTopic == nil ? request.target : nil
        guard let topic = override ?? entry.originalTopic else {
            state.view.mode = .replayTarget(ReplayTargetPrompt(ids: request.ids, replacesOrigins: false))
            return []
        }
        guard let partitions = state.topics[topic]?.metadata.partitions, !partitions.isEmpty else {
            return fail("cannot replay \(entry.id.shown) to '\(topic)': no such topic (known: \(state.topicNames.joined(separator: ", ")))")
        }
        do {
            plans.append(try ReplayPlanner.plan(
                record, entry: entry, to: override, partitionCount: partitions.count, mark: state.replays[entry.id], at: state.now))
        } catch {
            return fail(error.description)
        }
    }
    if request.editing, let plan = plans.first { return [.editReplay(plan)] }
    state.view.overlay = .confirmReplay(plans)
    return []
}

/// The message at `id` and what it is: a listed dead letter (replayed to its origin), else any
/// buffered or fetched message (re-produced to its own topic and partition). The detail pane's
/// message counts even when its buffer moved on.
private func replaySource(_ id: DeadLetterID, in state: AppState, fetched: [Record]) -> (Record, DeadLetterEntry)? {
    func isAt(_ record: Record) -> Bool { record.topic == id.topic && record.partition == id.partition && record.offset == id.offset }
    if let entry = state.deadLetters.last(where: { $0.id == id }),
        let record = state.record(entry.reference)?.record ?? state.bufferedRecord(at: id) ?? fetched.first(where: isAt) {
        return (record, entry)
    }
    let record = state.bufferedRecord(at: id)
        ?? state.view.detail.map(\.record).flatMap { isAt($0) ? $0 : nil } ?? fetched.first(where: isAt)
    guard let record else { return nil }
    let entry = state.settings.deadLetters.deadLetter(record)
        ?? DeadLetterEntry(reproducing: record, reference: RecordRef(topic: record.topic, partition: record.partition, arrival: 0))
    return (record, entry)
}

/// Keys while the confirmation is open: `y`/enter sends, `e` edits (one message), anything else cancels.
func answerReplayConfirmation(_ plans: [ReplayPlan], key: Key, in state: inout AppState) -> [Effect] {
    state.view.overlay = nil
    switch key {
    case .character("y"), .character("Y"), .enter:
        state.replayProgress = ReplayProgress(total: plans.count)
        return [.replay(plans, perSecond: state.settings.replaysPerSecond)]
    case .character("e") where plans.count == 1:
        return [.editReplay(plans[0])]
    default:
        state.view.notice = Notice("replay cancelled: nothing sent", at: state.now)
        return []
    }
}

/// Typing the target topic of a replay.
func editReplayTarget(_ prompt: ReplayTargetPrompt, key: Key, in state: inout AppState) -> [Effect] {
    switch key {
    case .escape:
        state.view.mode = .normal
        state.view.notice = Notice("replay cancelled: nothing sent", at: state.now)
    case .enter:
        state.view.mode = .normal
        guard !prompt.text.isEmpty else { return editReplayTarget(prompt, key: .escape, in: &state) }
        return planReplays(ReplayRequest(ids: prompt.ids, target: prompt.text, replacesOrigins: prompt.replacesOrigins), in: &state)
    case .tab:
        var prompt = prompt
        if let completed = complete(prompt.text, among: state.topicNames) {
            prompt.line = PromptLine(completed)
            state.view.mode = .replayTarget(prompt)
        }
    default:
        guard let edited = prompt.line.editing(key) else { return [] }
        var prompt = prompt
        prompt.line = edited
        state.view.mode = .replayTarget(prompt)
    }
    return []
}

/// Counts one outcome; a replayed entry loses its mark so a second `r` does not send it again.
func finishReplay(_ id: DeadLetterID, _ outcome: ReplayOutcome, at time: Int64, in state: inout AppState) {
    state.replays.finished(id, outcome, at: time)
    state.replayProgress?.count(outcome, of: id)
    if case .replayed = outcome { state.view.deadLetters.marked.remove(id) }
}

/// Ends a run: its summary goes to the status bar.
func endReplayRun(cancelled: Bool, error: String?, in state: inout AppState) {
    guard let progress = state.replayProgress else { return }
    state.replayProgress = nil
    // A cancel that came after the last message was sent cancelled nothing.
    let stoppedEarly = (cancelled || progress.isCancelled) && progress.done < progress.total
    if let error {
        state.view.notice = Notice("replay stopped after \(progress.done) of \(progress.total): \(error)", isError: true, at: state.now)
    } else if stoppedEarly {
        state.view.notice = Notice("replay cancelled after \(progress.done) of \(progress.total): \(progress.summary); the rest stay in the DLQ", isError: true, at: state.now)
    } else if progress.total == 1, let last = progress.last {
        state.view.notice = Notice(last, isError: progress.replayed == 0, at: state.now)
    } else {
        state.view.notice = Notice("replay: \(progress.summary)" + (progress.lastProblem.map { "; last problem \($0)" } ?? ""), isError: progress.failed + progress.unknown > 0, at: state.now)
    }
}

import EvmonModel
import EvmonDeadLetters

extension MonitorSession {
    /// Sends `plans` one at a time, no faster than `perSecond`, each outcome coming back as
    /// `replayFinished`; stops early when cancelled (after the message in flight) or when the
    /// audit log cannot be written.
    func startReplays(_ plans: [ReplayPlan], perSecond: Int) {
        replayCancelRequested = false
        let executor = replays
        let clock = clock
        let spacing = Duration.milliseconds(1000 / max(1, perSecond))
        replayRun = Task { [weak self] in
            var error: String?
            for (index, plan) in plans.enumerated() {
                guard let self, await !self.replayCancelRequested else { break }
                let started = ContinuousClock.now
                do throws(EvmonError) {
                    let outcome = try await executor.send(plan)
                    await self.send(.replayFinished(plan.source, outcome, at: clock.now()))
                } catch let refusal {
                    error = refusal.description
                    break
                }
                if index < plans.count - 1 { try? await Task.sleep(until: started + spacing, clock: .continuous) }
            }
            let cancelled = await self?.replayCancelRequested ?? true
            await self?.send(.replayRunEnded(cancelled: cancelled && error == nil, error: error))
        }
    }

    /// Opens the plan's value in the editor (as decoded JSON when a schema read it); the edited
    /// plan comes back for confirmation.
    func edit(_ plan: ReplayPlan) {
        let editValue = editValue
        Task { [weak self] in
            do throws(EvmonError) {
                if let edited = try await editValue(plan) {
                    await self?.send(.replayEdited(edited))
                } else {
                    await self?.send(.noticePosted("edit cancelled (the editor failed or quit without saving): nothing sent", isError: true))
                }
            } catch {
                await self?.send(.noticePosted(error.description, isError: true))
            }
        }
    }
}

/// The journal of a session that has no audit log: every replay is refused, since an
/// unrecorded replay is what the audit log exists to prevent.
public struct RefusingJournal: ReplayJournal {
    public init() {}

    public func append(_ entry: ReplayJournalEntry) throws(EvmonError) {
        throw .writeRefused("no replay audit log is open")
    }
}

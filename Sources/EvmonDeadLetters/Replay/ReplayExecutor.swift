import EvmonModel

/// Where replays are written down before and after they are sent.
public protocol ReplayJournal: Sendable {
    /// Appends one entry durably; a failure means the replay must not go ahead.
    func append(_ entry: ReplayJournalEntry) throws(EvmonError)
}

/// Sends replay plans through an adapter, logging each attempt before and after.
///
/// The `sending` line is written first: if it cannot be written nothing is sent, since an
/// unrecorded replay is exactly what the audit log exists to prevent. Errors are sorted into
/// the broker refused it (failed) and no answer came after sending (unknown).
public struct ReplayExecutor: Sendable {
    let adapter: any BrokerAdapter
    let journal: any ReplayJournal
    let clock: any WallClock

    public init(adapter: any BrokerAdapter, journal: any ReplayJournal, clock: any WallClock) {
        self.adapter = adapter
        self.journal = journal
        self.clock = clock
    }

    /// Sends one plan; throws only when the audit log refused the `sending` line (nothing sent).
    public func send(_ plan: ReplayPlan) async throws(EvmonError) -> ReplayOutcome {
        let attempt = "\(clock.now())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        func entry(_ event: ReplayJournalEntry.Event) -> ReplayJournalEntry {
            ReplayJournalEntry(attempt: attempt, at: clock.now(), broker: adapter.displayURL, source: plan.source, event: event)
        }
        try journal.append(entry(.sending(plan)))
        let outcome: ReplayOutcome
        do {
            outcome = .replayed(try await adapter.produce(plan.message))
        } catch let error as EvmonError {
            switch error {
            case .outcomeUnknown(_, let reason): outcome = .unknown(reason)
            // The log and the TUI name the broker already: keep only its words.
            case .broker(_, let reason): outcome = .failed(reason)
            default: outcome = .failed(error.description)
            }
        } catch {
            outcome = .failed(String(describing: error))
        }
        // The message went (or may have gone) whatever happens to this line; keep the outcome.
        try? journal.append(entry(.finished(outcome)))
        return outcome
    }
}

import ArgumentParser
import EvmonBrokers
import EvmonJSON
import EvmonModel

/// Sends the lines of a fixture file (tail's JSON lines) in order, in batches, reading and
/// decoding the next batch while the broker writes the one before: what `evmon produce` and
/// `evmon check --produce` share.
///
/// A malformed line is reported with its number; the lines before it are still sent, and none
/// after it unless `keepGoing`. The first message the broker does not write stops the run: what
/// follows it would land after a gap.
struct FixtureProducer {
    /// Where the lines come from, for error lines (`fixtures.jsonl:3: …`).
    let source: String
    /// Every message goes here; `nil`: each line names its topic.
    let topic: String?
    let compression: ProduceCompression
    /// Messages per second, at most; `nil`: as fast as the broker takes them.
    let rate: Double?
    let keepGoing: Bool
    /// Nothing is sent (`--dry-run`): errors do not speak of what was sent.
    var dryRun = false

    /// What a run did.
    struct Summary {
        var produced = 0
        var malformed = 0
        /// The first failure that ends the run: a malformed line (usage) or the broker's error,
        /// and the line that says so (naming the input line), not yet shown.
        var failure: (error: EvmonError, line: String)?

        /// Shows the failure, or the lines skipped, and ends with the exit code it calls for.
        func finish(source: String) throws {
            if let failure {
                StandardError.report("evmon: " + failure.line)
                throw ExitCode(failure.error.exitCode)
            }
            if malformed > 0 {
                throw EvmonError.usage("\(malformed) malformed line(s) of \(source) skipped (\(produced) other line(s) taken)")
            }
        }
    }

    /// One message that was written.
    struct Sent {
        var line: Int
        var position: ProducedPosition
    }

    /// Messages a batch holds at most, and its bytes: large enough that Kafka's record batches
    /// stay full, small enough that a slow broker holds little in memory.
    static let batchMessages = 10_000
    static let batchBytes = 4 << 20

    /// Sends every line of `reader` to `adapter`; `sent` is called for each written message, in order.
    func run(_ reader: inout LineReader, on adapter: any BrokerAdapter, sent: (Sent) throws -> Void) async throws -> Summary {
        var summary = Summary()
        let began = ContinuousClock.now
        var offered = 0
        /// Sends a batch once its place in the `--rate` schedule comes.
        func launch(_ batch: Batch) async throws -> Task<[ProduceOutcome], Never> {
            if let rate {
                try await ContinuousClock().sleep(until: began + .seconds(Double(offered) / rate))
            }
            offered += batch.messages.count
            let messages = batch.messages
            // Detached: the reading goes on on this thread while another encodes and sends.
            return Task.detached { await adapter.produce(batch: messages, compression: compression) }
        }
        var batch = try read(&reader, summary: &summary)
        guard !batch.messages.isEmpty else { return summary }
        var sending = try await launch(batch)
        while true {
            // The next batch is read and decoded while this one is on the wire.
            let stopped = summary.failure != nil
            let next = stopped ? Batch() : try read(&reader, summary: &summary)
            let outcomes = await sending.value
            let failedAt = outcomes.firstIndex { if case .failure = $0 { true } else { false } }
                ?? (outcomes.count < batch.messages.count ? outcomes.count : nil)
            // The next batch leaves before this one's outcomes are printed, unless this one
            // failed: nothing may land after a gap.
            let more = failedAt == nil && !next.messages.isEmpty
            if more { sending = try await launch(next) }
            var failure: (line: Int, error: EvmonError, count: Int)?
            for (line, outcome) in zip(batch.lines, outcomes) {
                switch outcome {
                case .success(let position):
                    summary.produced += 1
                    try sent(Sent(line: line, position: position))
                case .failure(let error):
                    if failure == nil { failure = (line, error, 0) }
                    failure?.count += 1
                }
            }
            if let failedAt {
                // Messages the broker never tried (it stopped at the first failure) count as not written.
                let untried = batch.messages.count - outcomes.count
                let first = failure ?? (batch.lines[failedAt], EvmonError.broker(url: adapter.displayURL, reason: "not sent"), 0)
                let others = first.count - 1 + untried
                let note = others > 0 ? " (\(others) more message\(others == 1 ? "" : "s") of its batch not written)" : ""
                summary.failure = (first.error, "\(source):\(first.line): \(first.error)\(note)")
                return summary
            }
            guard more else { return summary }
            batch = next
        }
    }

    /// Decoded lines, and the line number of each.
    struct Batch {
        var messages: [OutgoingMessage] = []
        var lines: [Int] = []
    }

    /// The next batch of messages; a malformed line is reported, and ends the reading unless `keepGoing`.
    func read(_ reader: inout LineReader, summary: inout Summary) throws -> Batch {
        var batch = Batch()
        var bytes = 0
        // A tenth of a second's messages a batch; worked out in Double, as `--rate 1e300` is a rate.
        let limit = rate.map { Int(max(1, min(Double(Self.batchMessages), $0 / 10))) } ?? Self.batchMessages
        while batch.messages.count < limit, bytes < Self.batchBytes, summary.failure == nil {
            let line: LineReader.Line
            do {
                guard let next = try reader.next() else { break }
                line = next
            } catch {
                summary.failure = (.usage("\(source):\(error.line): \(error.reason)"), "\(source):\(error.line): \(error.reason)")
                break
            }
            if line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            switch message(line) {
            case .success(let message):
                batch.messages.append(message)
                batch.lines.append(line.number)
                bytes += line.bytes.count
            case .failure(let error):
                summary.malformed += 1
                let text = "\(source):\(line.number): \(error.reason)"
                if keepGoing {
                    StandardError.report("evmon: " + text)
                } else {
                    summary.failure = (.usage(text), dryRun ? text : text + "; nothing after it was sent (--keep-going skips such lines)")
                }
            }
        }
        return batch
    }

    /// The message a line asks for, on `topic` or the line's own.
    func message(_ line: LineReader.Line) -> Result<OutgoingMessage, RecordLineError> {
        Result { () throws(RecordLineError) -> OutgoingMessage in
            let decoded = try RecordLine.decode(line.bytes)
            guard let target = topic ?? decoded.topic else {
                throw RecordLineError("no topic: name one on the command line (evmon produce TOPIC) or in the line")
            }
            return decoded.outgoing(to: target)
        }
    }
}

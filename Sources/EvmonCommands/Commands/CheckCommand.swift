import ArgumentParser
import EvmonConfig
import Foundation
import EvmonBrokers
import EvmonModel
import EvmonWatches

/// `evmon check`: runs a watch file headless, for CI; exit 0 all passed, 1 a watch failed.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the watches of a file against the broker; exit 1 if one fails.",
        discussion: """
            Reads every topic the watches name from --from (default earliest) until --until has \
            elapsed or, once every partition reached its end, no message arrived for --idle \
            (default 5s). A partition the broker never lets evmon read is exit 3. Pending watches (an obligation \
            still open, nothing judged yet) pass unless --pending fail. DURATION: 500ms, 10s, 5m, 1h.

            --produce FILE writes fixtures first (tail's JSON lines, each naming its topic, as \
            evmon produce takes them), then judges from the moment before they were written: \
            "given these events, the system answers within 5s" in one command. --until bounds \
            the wait for the answers.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The watch file (YAML); repeat for several (one JUnit testsuite each).")
    var watches: [String]

    // `.unconditional` so that `--from -5m` is a value, not an unknown flag.
    @Option(parsing: .unconditional, help: "earliest (default), latest, or a time: -5m, 2026-11-26T10:15Z, @EPOCH_MS.")
    var from: String?

    @Option(help: "Produce these fixtures (JSON lines naming their topics) first, and judge what follows them.")
    var produce: String?

    @Option(help: "Stop after this long.")
    var until: String?

    @Option(help: "Stop when no message arrived for this long.")
    var idle: String = "5s"

    @Option(help: "Write JUnit XML to this file.")
    var junit: String?

    @Option(help: "pass or fail: how pending watches count.")
    var pending: PendingPolicy = .pass

    @Option(help: "text (default) or json (one object per watch).")
    var format: CheckFormat = .text

    func run() async throws {
        // Whole topics or a time, the same for every partition; an offset means nothing across topics.
        let start = try startPosition()
        let untilMilliseconds = try until.map { (text) throws(EvmonError) in try duration(text, "--until") }
        let idleMilliseconds = try duration(idle, "--idle")
        guard !watches.isEmpty else { throw EvmonError.usage("check needs --watches FILE") }
        let files = try watches.map { (path) throws(EvmonError) in try WatchFile.load(path: path) }
        let session = try CheckSession(files: files)

        let resolved = try global.resolve()
        if produce != nil, let reason = resolved.readOnlyReason {
            throw EvmonError.writeRefused("read-only (\(reason)): check --produce would write its fixtures to the broker")
        }
        let fixtures = try produce.map { (path) throws(EvmonError) in try InputFile(path: path) }
        defer { fixtures?.close() }
        let adapter = try resolved.open()
        let metadata = try await brokerCall(adapter) { try await adapter.listTopics() }
        for file in files { try Self.checkTopics(file, known: metadata.map(\.name)) }
        await session.declare(metadata)
        let topics = await session.topics
        let groups = await session.consumerGroups

        var tasks: [Task<Void, Never>] = []
        if !topics.isEmpty {
            let request = TailRequest(topics: topics, start: start)
            tasks.append(Task {
                do {
                    for try await event in adapter.tail(request) {
                        switch event {
                        case .records(let batch): await session.ingest(batch.records)
                        case .caughtUp(let topicPartition): await session.caughtUp(topicPartition)
                        case .partitionFailed(let topicPartition, let reason):
                            // Verdicts over a partition that cannot be read would be guesses.
                            await session.failed(EvmonError.broker(url: adapter.displayURL, reason: "\(topicPartition): \(reason)"))
                        case .startMoved(let topicPartition, let reason):
                            // The watches judge what is there; where they start is worth a line.
                            StandardError.report("evmon: \(adapter.displayURL): \(topicPartition): \(reason)")
                        case .notice(let notice): StandardError.report("evmon: warning: \(notice)")
                        case .connection: break
                        }
                    }
                } catch is CancellationError {
                } catch {
                    if !Task.isCancelled { await session.failed(error) }
                }
            })
        }
        if !groups.isEmpty {
            tasks.append(Task {
                while !Task.isCancelled {
                    do {
                        let snapshots = try await adapter.listConsumerGroups()
                        await session.observe(snapshots, at: SystemClock().now())
                        try await Task.sleep(for: .seconds(1))
                    } catch is CancellationError {
                        return
                    } catch {
                        await session.failed(error)
                        return
                    }
                }
            })
        }

        if let fixtures {
            try await Self.produce(fixtures, on: adapter, once: session)
        }
        let began = ContinuousClock.now
        // With fixtures, an obligation they opened is what the run waits for: quiet does not end
        // it before the answer comes or the obligation's time is up (and a second for the answer
        // on its way), however slowly the system under test answers.
        let answersDue = fixtures == nil ? began : began + .milliseconds(await session.longestObligationMilliseconds + 1_000)
        while true {
            try await Task.sleep(for: .milliseconds(50))
            if let failure = await session.failure {
                for task in tasks { task.cancel() }
                try await brokerCall(adapter) { throw failure }
            }
            if let untilMilliseconds, ContinuousClock.now - began >= .milliseconds(untilMilliseconds) { break }
            // Idle counts only once every partition reached its end: before that, silence is a
            // broker that does not answer, which the tail retries and then reports (exit 3).
            let awaited = ContinuousClock.now < answersDue ? await session.awaitsFixtureOutcome : false
            if await session.everyPartitionReachedItsEnd, !awaited,
                ContinuousClock.now - (await session.lastActivity) >= .milliseconds(idleMilliseconds) { break }
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        // Fixtures are live events: once every partition is read to now, an answer that has not
        // come within its time has not come. A second's allowance for what is still on its way.
        let live = await session.everyPartitionReachedItsEnd
        let liveUntil = produce != nil && live ? SystemClock().now() - 1_000 : nil
        let finished = await session.finish(liveUntil: liveUntil)
        let runTime = ContinuousClock.now - began
        let resultsByFile = finished.map(\.results)
        let results = resultsByFile.flatMap { $0 }
        await adapter.shutdown()

        if let junit {
            let suites = zip(files, finished).map { file, finished in
                JUnitReport.Suite(name: file.path, results: finished.results, time: runTime, caseTimes: finished.judgingTimes)
            }
            let document = JUnitReport.document(suites, pendingFails: pending == .fail)
            do {
                try document.write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                throw EvmonError.usage("--junit \(junit): cannot write the file (\(error.localizedDescription))")
            }
        }
        let output = StandardOutput()
        switch format {
        case .json:
            for result in results { WatchResultJSON.appendLine(result, to: &output.buffer) }
        case .text:
            for (file, fileResults) in zip(files, resultsByFile) {
                for line in CheckText.lines(fileResults, file: file.path) { try output.line(line) }
            }
        }
        try output.flush()
        let failed = results.contains { $0.status == .fail || (pending == .fail && $0.status == .pending) }
        if failed { throw ExitCode(1) }
    }

    /// `--from`, or the tail's end when fixtures are produced: what they cause is judged, not history.
    private func startPosition() throws(EvmonError) -> StartPosition {
        guard let from else { return produce == nil ? .earliest : .latest }
        if produce != nil { throw .usage("--from \(from) with --produce: the watches start where the fixtures do") }
        // Whole topics or a time, the same for every partition; an offset means nothing across topics.
        switch try? StartPosition(parsing: from, now: SystemClock().now()) {
        case let position? where position == .earliest || position == .latest: return position
        case .timestamp(let time)?: return .timestamp(time)
        default: throw .usage("--from \(from): check reads from earliest, latest or a time (-5m, 2026-11-26T10:15Z, @EPOCH_MS)")
        }
    }

    /// Writes the fixtures once the tail has its place at the end of every watched partition,
    /// so that everything they cause is read and nothing from before them is.
    static func produce(_ fixtures: InputFile, on adapter: any BrokerAdapter, once session: CheckSession) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !(await session.everyPartitionReachedItsEnd) {
            if let failure = await session.failure { try await brokerCall(adapter) { throw failure } }
            guard ContinuousClock.now < deadline else {
                throw EvmonError.broker(url: adapter.displayURL, reason: "the watched topics did not open for reading within 30 s; no fixture was written")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        var reader = LineReader(descriptor: fixtures.descriptor)
        let producer = FixtureProducer(source: fixtures.name, topic: nil, compression: .none, rate: nil, keepGoing: false)
        let summary = try await brokerCall(adapter) { try await producer.run(&reader, on: adapter) { _ in } }
        try summary.finish(source: fixtures.name)
        StandardError.report("evmon: produced \(summary.produced) fixture message\(summary.produced == 1 ? "" : "s") from \(fixtures.name)")
        await session.fixturesWritten(summary.produced)
    }

    private func duration(_ text: String, _ option: String) throws(EvmonError) -> Int64 {
        do {
            return try WatchDuration.milliseconds(parsing: text)
        } catch {
            throw .usage("\(option) \(text): expected a duration such as 500ms, 10s, 5m or 1h")
        }
    }

    /// Every topic a watch names must exist (exit 2, naming the watch and where it is written).
    static func checkTopics(_ file: WatchFile, known: [String]) throws(EvmonError) {
        let knownSet = Set(known)
        for watch in file.watches {
            for topic in watch.allTopics where !knownSet.contains(topic) {
                let list = known.isEmpty ? "the broker has no topics" : "known: " + known.sorted().joined(separator: ", ")
                throw .usage("watch '\(watch.name)' (\(watch.origin ?? file.path)): unknown topic '\(topic)' (\(list))")
            }
        }
    }
}

/// `--pending`.
enum PendingPolicy: String, ExpressibleByArgument, CaseIterable {
    case pass, fail
}

/// `check --format`.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

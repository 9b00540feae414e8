import EvmonPresentation
import EvmonUI
import EvmonModel
import EvmonDeadLetters
import EvmonWatches
import EvmonTrace
import EvmonApp

/// The running monitor: merges adapter events, keys and clock ticks into the store, carries out
/// the effects the reducer asks for, and hands frames to a presenter.
///
/// One actor owns the store, so actions apply one at a time in arrival order. Frames are
/// rendered at most every `frameInterval` and only when the state changed — except right after
/// a key press, so typing never waits a frame. Presenting never blocks (the terminal driver
/// keeps only the latest frame), so ingest never waits for the screen.
///
/// ```swift
/// let session = MonitorSession(adapter: broker, clock: SystemClock(), present: driver.present)
/// Task { for await event in driver.events { await session.handle(event) } }
/// await session.run()   // returns after `q`
/// ```
public actor MonitorSession {
    private let adapter: any BrokerAdapter
    let clock: any WallClock
    private let store: Store
    private let present: @Sendable (ScreenGrid) -> Void
    private let applyTheme: @Sendable (String) async -> String?
    private let watches: WatchSupervisor
    private let frameInterval: Duration
    private let tickInterval: Duration
    private var tails = TailRegistry()
    private var background: [Task<Void, Never>] = []
    private var dirty = true
    private var lastFrame: ContinuousClock.Instant?
    private var quitWaiter: CheckedContinuation<Void, Never>?
    /// Sends replays and writes the audit log.
    let replays: ReplayExecutor
    /// Puts bytes on the clipboard through the terminal (`y`).
    let copyToClipboard: @Sendable ([UInt8]) -> Void
    /// Opens a plan's value in `$EDITOR`; `nil` back means the user cancelled.
    let editValue: @Sendable (ReplayPlan) async throws(EvmonError) -> ReplayPlan?
    /// The replay run in progress, and whether the user asked it to stop.
    var replayRun: Task<Void, Never>?
    var replayCancelRequested = false
    /// The running trace search (`t`), cancelled when the trace is left or replaced.
    private var traceSearch: Task<Void, Never>?

    /// - Parameters:
    ///   - present: receives every rendered frame; must not block.
    ///   - applyTheme: loads and applies a theme by name or path; returns an error text on failure.
    ///   - copyToClipboard: sends bytes to the clipboard through the terminal (OSC 52).
    public init(
        adapter: any BrokerAdapter, clock: any WallClock, settings: AppSettings = AppSettings(),
        configure: (inout ViewState) -> Void = { _ in },
        frameInterval: Duration = .milliseconds(33), tickInterval: Duration = .milliseconds(500),
        applyTheme: @escaping @Sendable (String) async -> String? = { _ in nil },
        loadWatches: @escaping @Sendable (String) throws(EvmonError) -> [WatchDefinition] = { path throws(EvmonError) in
            throw .usage("\(path): watch files cannot be loaded here")
        },
        watchesPath: String? = nil,
        journal: any ReplayJournal = RefusingJournal(),
        replayHistory: ReplayHistory = ReplayHistory(),
        writer: (any BrokerAdapter)? = nil,
        editValue: @escaping @Sendable (ReplayPlan) async throws(EvmonError) -> ReplayPlan? = { _ throws(EvmonError) in
            throw .usage("editing a value needs the terminal")
        },
        copyToClipboard: @escaping @Sendable ([UInt8]) -> Void = { _ in },
        present: @escaping @Sendable (ScreenGrid) -> Void
    ) {
        self.copyToClipboard = copyToClipboard
        self.adapter = adapter
        self.clock = clock
        store = Store(brokerURL: adapter.displayURL, clock: clock, settings: settings)
        self.present = present
        self.applyTheme = applyTheme
        watches = WatchSupervisor(load: loadWatches, initialPath: watchesPath)
        self.frameInterval = frameInterval
        self.tickInterval = tickInterval
        // Replays and re-produces go to `writer` when given (`--to-broker`: a capture is read-only).
        replays = ReplayExecutor(adapter: writer ?? adapter, journal: journal, clock: clock)
        self.editValue = editValue
        store.configureView(configure)
        _ = store.send(.replayHistoryLoaded(replayHistory))
    }

    /// The model as it is now (for tests and the watch runner).
    public var state: AppState { store.state }

    /// Starts listening to the broker and the clock; returns once the user quits.
    public func run() async {
        start()
        if !store.state.view.quitRequested {
            await withCheckedContinuation { quitWaiter = $0 }
        }
        await stop()
    }

    /// Starts the background loops without waiting (tests drive the session this way).
    public func start() {
        let connections = adapter.connectionStates()
        background.append(Task { [weak self] in
            for await connection in connections { await self?.send(.connectionChanged(connection)) }
        })
        let tickInterval = tickInterval
        background.append(Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: tickInterval)
                await self?.tick()
            }
        })
        let frameInterval = frameInterval
        background.append(Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: frameInterval)
                await self?.renderIfDirty()
            }
        })
        if let path = watches.initialPath { perform(.loadWatches(path: path)) }
        renderIfDirty()
    }

    /// Cancels every loop and tail and closes the adapter.
    public func stop() async {
        background.forEach { $0.cancel() }
        // A replay being sent finishes (its outcome must reach the audit log); no new one starts.
        replayCancelRequested = true
        await replayRun?.value
        background = []
        tails.cancelAll()
        await adapter.shutdown()
    }

    /// Applies a terminal event.
    public func handle(_ key: Key) {
        send(.keyPressed(key))
        // Keys render at once: typing must not wait for the next frame.
        renderIfDirty(force: true)
    }

    /// Applies a terminal resize.
    public func resize(width: Int, height: Int) {
        send(.terminalResized(width: width, height: height))
        renderIfDirty(force: true)
    }

    /// Applies one action and carries out its effects.
    public func send(_ action: AppAction) {
        var effects = store.send(action)
        dirty = true
        // The watch engine judges what the store just took in; its verdicts come back as an action.
        if let results = watches.judge(action) {
            effects += store.send(.watchResultsUpdated(results))
        }
        for effect in effects { perform(effect) }
        if store.state.view.quitRequested, let waiter = quitWaiter {
            quitWaiter = nil
            waiter.resume()
        }
    }

    private func tick() {
        if let path = watches.changedFile() { perform(.loadWatches(path: path)) }
        let effects = store.tick()
        dirty = true
        for effect in effects { perform(effect) }
    }

    private func renderIfDirty(force: Bool = false) {
        guard dirty else { return }
        let now = ContinuousClock.now
        if !force, let lastFrame, now - lastFrame < frameInterval { return }
        dirty = false
        lastFrame = now
        present(ScreenRenderer.render(store.state))
    }

    private func perform(_ effect: Effect) {
        let adapter = adapter
        let clock = clock
        switch effect {
        case .refreshTopics:
            ask { .topicsListed(try await adapter.listTopics(), at: clock.now()) }
        case .pollLag:
            ask { .lagPolled(try await adapter.listConsumerGroups(), at: clock.now()) }
        case .pollBrokerDeadLetters(let minimumDeliveries):
            ask { .brokerDeadLettersPolled(try await adapter.brokerDeadLetters(minimumDeliveries: minimumDeliveries)) }
        case .checkDeadLetterBlindSpot:
            ask { .deadLetterBlindSpotChecked(await adapter.brokerDeadLetterBlindSpot()) }
        case .tail(let topics, let start):
            startTail(topics: topics, from: start)
        case .stopTailing(let topics):
            for orphaned in tails.remove(topics: topics) { startTail(topics: orphaned, from: .latest) }
        case .loadWatches(let path):
            send(watches.load(path, over: store.state))
        case .rejudgeWatches:
            if let action = watches.reload(over: store.state) { send(action) }
        case .fetchRecord(let topicPartition, let offset):
            fetch(topicPartition, at: offset)
        case .probeDeadLetters(let partitions):
            ask { [adapter] in .deadLetterTopicsDetected(try await adapter.deadLetterTopics(among: partitions)) }
        case .fetchForReplay(let request):
            ask { [adapter] in
                var records: [Record] = []
                for id in request.ids {
                    let topicPartition = TopicPartition(topic: id.topic, partition: id.partition)
                    if let record = try await adapter.message(at: id.offset, in: topicPartition) { records.append(record) }
                }
                return .replaySourcesFetched(records, request)
            }
        case .replay(let plans, let perSecond):
            startReplays(plans, perSecond: perSecond)
        case .cancelReplays:
            replayCancelRequested = true
        case .editReplay(let plan):
            edit(plan)
        case .copyToClipboard(let bytes):
            copyToClipboard(bytes)
        case .searchTrace(let searchID, let search):
            startTraceSearch(search, id: searchID)
        case .cancelTraceSearch:
            traceSearch?.cancel()
            traceSearch = nil
        case .listFiles(let prefix):
            Task { [weak self] in await self?.send(.filesListed(prefix: prefix, paths: FileCompletion.paths(startingWith: prefix))) }
        case .export(let request):
            // Off the session's executor: a large export must not hold up frames.
            Task.detached { [weak self] in
                let outcome = RecordExport.write(request)
                await self?.send(.exportEnded(outcome))
            }
        case .applyTheme(let name):
            let applyTheme = applyTheme
            Task { [weak self] in
                if let error = await applyTheme(name) {
                    await self?.send(.noticePosted(error, isError: true))
                } else {
                    await self?.send(.noticePosted("theme \(name)", isError: false))
                }
            }
        }
    }

    /// Searches the broker for a trace; each batch's finds come back as they are read.
    private func startTraceSearch(_ search: TraceSearch, id: Int) {
        traceSearch?.cancel()
        let adapter = adapter
        traceSearch = Task { [weak self] in
            do {
                try await search.run(on: adapter) { found, progress in
                    await self?.send(.traceSearched(searchID: id, found: found, progress: progress))
                }
                await self?.send(.traceSearchEnded(searchID: id, error: nil))
            } catch is CancellationError {
                // Left by Esc: nobody is waiting for the answer.
            } catch {
                await self?.send(.traceSearchEnded(searchID: id, error: String(describing: error)))
            }
        }
    }

    /// Runs a broker call in the background; its answer, or its failure, comes back as an action.
    private func ask(_ call: @escaping @Sendable () async throws -> AppAction) {
        Task { [weak self] in
            do {
                let answer = try await call()
                await self?.send(answer)
            } catch {
                await self?.send(.brokerFailed(String(describing: error)))
            }
        }
    }

    /// Reads one message for the detail pane (a watch's offender that left the buffer).
    private func fetch(_ topicPartition: TopicPartition, at offset: Offset) {
        ask { [adapter] in
            guard let record = try await adapter.message(at: offset, in: topicPartition) else {
                return .noticePosted("\(topicPartition.shown(at: offset)) is no longer held by the broker", isError: true)
            }
            return .recordOpened(record)
        }
    }

    private func startTail(topics: [String], from start: StartPosition) {
        // Topics that shared a tail with these keep streaming from where the broker is now.
        for orphaned in tails.remove(topics: topics) { startTail(topics: orphaned, from: .latest) }
        let stream = adapter.tail(TailRequest(topics: topics, start: start))
        let task = Task { [weak self] in
            do {
                for try await event in stream {
                    guard let self else { return }
                    switch event {
                    case .records(let batch): await self.send(.recordsFetched(batch))
                    case .caughtUp(let topicPartition): await self.send(.partitionCaughtUp(topicPartition))
                    case .connection(let connection): await self.send(.connectionChanged(connection))
                    case .partitionFailed(let topicPartition, let reason):
                        await self.send(.partitionFailed(topicPartition, reason: reason))
                    case .startMoved(let topicPartition, let reason):
                        await self.send(.noticePosted("\(topicPartition.topic)/\(topicPartition.partition): \(reason)", isError: false))
                    case .notice(let notice): await self.send(.noticePosted(notice, isError: true))
                    }
                }
            } catch is CancellationError {
            } catch {
                await self?.send(.brokerFailed(String(describing: error)))
            }
        }
        tails.add(topics: topics, task: task)
    }
}

extension Store {
    /// Adjusts the view before the session starts (terminal size, read-only, time zone).
    func configureView(_ configure: (inout ViewState) -> Void) {
        var view = state.view
        configure(&view)
        send(.viewConfigured(view))
    }
}

import JQ
import EvmonModel

/// Evaluates watches over messages and consumer-group polls, keeping a live result per watch.
///
/// Feed it every record the watches' topics deliver, in arrival order, and every lag poll; read
/// `results` whenever you like (an array copy of a few small structs, cheap every frame) and
/// compare `revision` to know whether anything changed. Each message is parsed once and
/// shared by every watch; jq runs on `JQThread` with one hop per `ingest` call, so feed whole
/// batches. To judge new rules over records already held (a reloaded watch file), build a new
/// engine and `ingest` the held records in arrival order: verdicts depend on event time, not on
/// when the records are fed.
///
/// ```swift
/// let engine = try WatchEngine(watches: file.watches)
/// engine.ingest(batch.records)
/// engine.observe(consumerGroups: snapshots, at: clock.now())
/// engine.finish()                       // headless runs only: settle what can be settled
/// for result in engine.results where result.status == .fail { print(result.name) }
/// ```
///
/// Not thread-safe: one owner (the store, a check session) calls it.
public final class WatchEngine {
    /// The watches, as given.
    public let definitions: [WatchDefinition]
    private let runtimes: [WatchRuntime]
    private let runtimesByTopic: [String: [WatchRuntime]]
    /// Each runtime's topics, index-aligned with `runtimes`.
    private let runtimeTopics: [Set<String>]
    /// Topics whose messages some jq program reads.
    private let jqTopics: Set<String>
    private var sequence = 0
    /// Grows whenever a result may have changed; a renderer redraws when it differs from the last seen.
    public private(set) var revision = 0
    /// Time spent judging each watch so far, in file order: the `time` of its JUnit testcase.
    public private(set) var judgingTimes: [Duration]

    /// Compiles `watches` (paths, jq); a broken one is a usage error that names it.
    public init(watches: [WatchDefinition], limits: WatchLimits = WatchLimits()) throws(EvmonError) {
        var names: Set<String> = []
        for watch in watches {
            guard names.insert(watch.name).inserted else {
                throw .usage("\(WatchRuntime.label(watch)): another watch already has this name")
            }
            if case .lag = watch.kind { continue }
            if watch.topics.isEmpty { throw .usage("\(WatchRuntime.label(watch)): no topic (add topic: NAME)") }
        }
        definitions = watches
        runtimes = try watches.map { (watch) throws(EvmonError) in try WatchRuntime(watch, limits: limits) }
        var byTopic: [String: [WatchRuntime]] = [:]
        var jqTopics: Set<String> = []
        for runtime in runtimes {
            for topic in runtime.definition.allTopics {
                byTopic[topic, default: []].append(runtime)
                if runtime.needsJQ { jqTopics.insert(topic) }
            }
        }
        runtimesByTopic = byTopic
        runtimeTopics = runtimes.map { Set($0.definition.allTopics) }
        judgingTimes = Array(repeating: .zero, count: runtimes.count)
        self.jqTopics = jqTopics
    }

    /// Every watch's result, in file order.
    public var results: [WatchResult] { runtimes.map(\.result) }

    /// Every topic some watch reads, sorted.
    public var topics: [String] { runtimesByTopic.keys.sorted() }

    /// Every consumer group some `lag` watch judges, sorted.
    public var consumerGroups: [String] { Set(runtimes.compactMap { $0.lag?.group }).sorted() }

    /// Judges records in arrival order. Records of topics no watch reads are ignored.
    public func ingest<Records: Collection>(_ records: Records) where Records.Element == Record {
        guard records.contains(where: { runtimesByTopic[$0.topic] != nil }) else { return }
        if !jqTopics.isEmpty, records.contains(where: { jqTopics.contains($0.topic) }) {
            JQThread.shared.perform { context in process(records, context: context) }
        } else {
            process(records, context: nil)
        }
        revision += 1
    }

    /// Judges one record (prefer batches: each call with jq watches is one hop to the jq thread).
    public func ingest(_ record: Record) {
        ingest(CollectionOfOne(record))
    }

    /// Declares how many partitions each topic has (from `listTopics`). Optional: with it, and
    /// with `caughtUp` for each partition read to its end, event time follows the slowest
    /// partition, so an adapter may deliver one partition's history before the next.
    public func declare(_ topics: [TopicMetadata]) {
        for topic in topics {
            for runtime in runtimesByTopic[topic.name] ?? [] {
                runtime.declare(topic: topic.name, partitionCount: (topic.partitions.map(\.id).max() ?? -1) + 1)
            }
        }
    }

    /// A partition was read to its end (`TailEvent.caughtUp`).
    public func caughtUp(_ topicPartition: TopicPartition) {
        guard let interested = runtimesByTopic[topicPartition.topic] else { return }
        for runtime in interested { runtime.caughtUp(topicPartition) }
        revision += 1
    }

    /// Judges a poll of consumer groups (`lag` watches); `time` is when it was taken (epoch ms).
    public func observe(consumerGroups snapshots: [ConsumerGroupSnapshot], at time: Int64) {
        for (index, runtime) in runtimes.enumerated() where runtime.lag != nil {
            let began = ContinuousClock.now
            runtime.observe(snapshots, at: time)
            judgingTimes[index] += .now - began
        }
        revision += 1
    }

    /// Ends a run (`evmon check`): obligations the watermark has passed fail, the rest stay pending.
    ///
    /// `liveUntil`: a time (epoch ms) up to which the reader knows it has read everything, every
    /// partition being live; obligations due before it fail even where a topic sent nothing to
    /// move event time (`check --produce`: the fixtures were written now, and nothing answered).
    public func finish(liveUntil: Int64? = nil) {
        for (index, runtime) in runtimes.enumerated() {
            let began = ContinuousClock.now
            runtime.finish(liveUntil: liveUntil)
            judgingTimes[index] += .now - began
        }
        revision += 1
    }

    /// A fresh engine for `watches` that has already judged `records`: what a reloaded watch file
    /// shows over the records a monitor still holds.
    public static func replaying<Records: Collection>(
        _ watches: [WatchDefinition], over records: Records, limits: WatchLimits = WatchLimits()
    ) throws(EvmonError) -> WatchEngine where Records.Element == Record {
        let engine = try WatchEngine(watches: watches, limits: limits)
        engine.ingest(records)
        return engine
    }

    private func process<Records: Collection>(_ records: Records, context: JQContext?) where Records.Element == Record {
        // Each message is parsed once and shared; each watch then judges the batch in arrival
        // order on its own, so that its time is measured per batch, not per record.
        var messages: [WatchMessage] = []
        messages.reserveCapacity(records.count)
        // Records come in runs of one topic (a batch is one partition's): topics are looked up
        // once a run, not once a record and watch, which showed in profiles as string hashing.
        var runs: [(topic: String, range: Range<Int>)] = []
        var watched = false
        var currentTopic: String?
        for record in records {
            if record.topic != currentTopic {
                currentTopic = record.topic
                watched = runtimesByTopic[record.topic] != nil
                if watched { runs.append((record.topic, messages.count..<messages.count)) }
            }
            guard watched else { continue }
            sequence += 1
            messages.append(WatchMessage(record: record, sequence: sequence))
            runs[runs.count - 1].range = runs[runs.count - 1].range.lowerBound..<messages.count
        }
        for (index, runtime) in runtimes.enumerated() {
            let topics = runtimeTopics[index]
            let mine = runs.filter { topics.contains($0.topic) }
            guard !mine.isEmpty else { continue }
            let began = ContinuousClock.now
            for run in mine {
                for position in run.range { runtime.handle(messages[position], context: context) }
            }
            judgingTimes[index] += .now - began
        }
        if let context { for message in messages { message.releaseJQ(in: context) } }
    }
}

import JQ
import EvmonModel
import EvmonJSON

/// One compiled watch: routes messages to its evaluator, applies `where`, turns non-JSON values
/// into failures (or skips them), keeps the watch's watermark and its live result.
final class WatchRuntime {
    let definition: WatchDefinition
    private(set) var result: WatchResult
    /// An array, not a set: a watch reads one or two topics, and comparing beats hashing per message.
    let sourceTopics: [String]
    private let targetTopic: String?
    private let wherePredicate: WatchPredicate?
    private let targetWhere: WatchPredicate?
    private let evaluator: (any WatchEvaluator)?
    private let follow: FollowEvaluator?
    let lag: LagEvaluator?
    private var watermark: Watermark
    /// Whether any of its expressions runs in jq (messages then need the jq thread).
    let needsJQ: Bool

    init(_ definition: WatchDefinition, limits: WatchLimits) throws(EvmonError) {
        self.definition = definition
        result = WatchResult(name: definition.name, kind: definition.kind.name)
        sourceTopics = definition.topics
        watermark = Watermark(topics: definition.allTopics)
        wherePredicate = try definition.whereExpression.map { (text) throws(EvmonError) in try Self.compile(text, role: "where", definition) }
        var targetTopic: String?
        var targetWhere: WatchPredicate?
        var follow: FollowEvaluator?
        var lag: LagEvaluator?
        var evaluator: (any WatchEvaluator)?
        switch definition.kind {
        case .require(let paths):
            evaluator = RequireEvaluator(paths: try paths.map { (text) throws(EvmonError) in try Self.path(text, definition) })
        case .expect(let expression):
            evaluator = ExpectEvaluator(predicate: try Self.compile(expression, role: "expect", definition))
        case .unique(let key, let within):
            evaluator = UniqueEvaluator(key: key, within: within, capacity: limits.uniqueKeys)
        case .ordered(let by, let per):
            evaluator = OrderedEvaluator(by: by, per: per, capacity: limits.orderedScopes)
        case .followedBy(let rule), .notFollowedBy(let rule):
            targetTopic = rule.topic
            targetWhere = try rule.whereExpression.map { (text) throws(EvmonError) in try Self.compile(text, role: "\(definition.kind.name).where", definition) }
            let negated: Bool
            if case .notFollowedBy = definition.kind { negated = true } else { negated = false }
            follow = FollowEvaluator(rule: rule, negated: negated, limits: limits)
            evaluator = follow
        case .empty:
            evaluator = EmptyEvaluator()
        case .lag(let group, let maximum):
            lag = LagEvaluator(group: group, maximum: maximum)
        case .rate(let minimum, let maximum, let interval):
            evaluator = RateEvaluator(minimum: minimum, maximum: maximum, interval: interval, topics: definition.topics)
        case .cloudEvents:
            evaluator = CloudEventsEvaluator()
        case .registeredSchema:
            evaluator = RegisteredSchemaEvaluator()
        case .jsonSchema(let contract):
            evaluator = JSONSchemaEvaluator(contract)
        }
        self.targetTopic = targetTopic
        self.targetWhere = targetWhere
        self.evaluator = evaluator
        self.follow = follow
        self.lag = lag
        needsJQ = (wherePredicate?.needsJQ ?? false) || (targetWhere?.needsJQ ?? false)
            || ((evaluator as? ExpectEvaluator)?.needsJQ ?? false)
        updateStatus()
    }

    private static func compile(_ expression: String, role: String, _ definition: WatchDefinition) throws(EvmonError) -> WatchPredicate {
        do {
            return try WatchPredicate(compiling: expression)
        } catch {
            throw .usage("\(label(definition)): \(role) '\(expression)' is not valid jq: \(error.message)")
        }
    }

    private static func path(_ text: String, _ definition: WatchDefinition) throws(EvmonError) -> JSONPath {
        do {
            return try JSONPath(parsing: text)
        } catch {
            throw .usage("\(label(definition)): \(error)")
        }
    }

    /// `watch 'name' (orders.yaml:12:5)`, how errors name a watch.
    static func label(_ definition: WatchDefinition) -> String {
        "watch '\(definition.name)'" + (definition.origin.map { " (\($0))" } ?? "")
    }

    /// Judges one message of a topic this watch reads.
    func handle(_ message: WatchMessage, context: JQContext?) {
        let record = message.record
        if let follow, record.topic == targetTopic, passesTargetWhere(message, context: context) {
            follow.correlate(message, result: &result)
        }
        if sourceTopics.contains(record.topic), let evaluator {
            judge(message, evaluator: evaluator, context: context)
        }
        if watermark.observe(topic: record.topic, partition: record.partition, timestamp: record.timestamp), let time = watermark.time {
            evaluator?.advance(to: time, result: &result)
        }
        updateStatus()
    }

    /// Declares the partitions of a topic this watch reads (see `Watermark`).
    func declare(topic: String, partitionCount: Int) {
        watermark.declare(topic: topic, partitionCount: partitionCount)
    }

    /// A partition was read to its end; event time may move.
    func caughtUp(_ topicPartition: TopicPartition) {
        guard watermark.caughtUp(topic: topicPartition.topic, partition: topicPartition.partition), let time = watermark.time else { return }
        evaluator?.advance(to: time, result: &result)
        updateStatus()
    }

    private func judge(_ message: WatchMessage, evaluator: any WatchEvaluator, context: JQContext?) {
        var json: JSONValue?
        if evaluator.needsJSON || wherePredicate != nil {
            switch message.json {
            case .success(let value):
                json = value
            case .failure(let error):
                guard definition.nonJSON == .fail else { return }
                result.evaluated += 1
                result.fail(Violation(record: message.record, why: "value is not JSON: \(error)", category: "not JSON"))
                return
            }
        }
        if let wherePredicate, let json {
            switch wherePredicate.judge(message, json: json, context: context) {
            case .yes: break
            case .no: return
            case .error(let why):
                result.evaluated += 1
                result.fail(Violation(record: message.record, why: "where \(wherePredicate.expression): jq error: \(why)", category: "error"))
                return
            }
        }
        result.evaluated += 1
        evaluator.judge(message, json: json, context: context, result: &result)
    }

    private func passesTargetWhere(_ message: WatchMessage, context: JQContext?) -> Bool {
        guard let targetWhere else { return true }
        guard case .success(let json) = message.json else { return false }
        if case .yes = targetWhere.judge(message, json: json, context: context) { return true }
        return false
    }

    /// A poll of consumer groups, for `lag` watches.
    func observe(_ snapshots: [ConsumerGroupSnapshot], at time: Int64) {
        lag?.observe(snapshots, at: time, result: &result)
        updateStatus()
    }

    /// The run ended: open obligations stay pending unless the watermark passed their deadline.
    /// Ends the run at the watermark, or at `liveUntil` when that is later (see `WatchEngine.finish`).
    func finish(liveUntil: Int64? = nil) {
        let time = [watermark.time, liveUntil].compactMap { $0 }.max()
        if let time { evaluator?.advance(to: time, result: &result) }
        evaluator?.finish(at: time, result: &result)
        updateStatus()
        if result.status == .pending, result.evaluated == 0, result.note == nil {
            result.note = lag == nil ? "no message was judged" : "no poll of consumer groups yet"
        }
    }

    private func updateStatus() {
        if result.failures > 0 {
            result.status = .fail
        } else if let evaluator {
            result.status = evaluator.isPending(result) ? .pending : .pass
        } else {
            result.status = result.evaluated == 0 ? .pending : .pass
        }
    }
}

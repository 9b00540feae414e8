import DequeModule
import HeapModule
import JQ
import EvmonModel
import EvmonJSON

/// `followed_by` / `not_followed_by`: each selected message opens one obligation that the first
/// correlated message (same `match`, on the rule's topic, within the time) closes.
///
/// Judged in event time: an obligation expires only when the watch's watermark passes its
/// deadline, and correlated messages read before their source (a replay that reads `inventory`
/// ahead of `orders`) are kept until the watermark passes them. So the verdicts do not depend
/// on the order in which topics are read.
final class FollowEvaluator: WatchEvaluator {
    /// Where a message was, kept instead of the message itself.
    struct Coordinates {
        let sequence: Int
        let topic: String
        let partition: Int
        let offset: Offset
        let key: [UInt8]?
        let timestamp: Int64

        init(_ message: WatchMessage) {
            sequence = message.sequence
            topic = message.record.topic
            partition = message.record.partition
            offset = message.record.offset
            key = message.record.key
            timestamp = message.record.timestamp
        }

        func violation(why: String) -> Violation {
            Violation(topic: topic, partition: partition, offset: offset, key: key, timestamp: timestamp, why: why)
        }

        var text: String { "\(topic)/\(partition)@\(offset)" }
    }

    private struct Obligation {
        let opener: Coordinates
        let match: String
        /// What was read for `match`, kept to word a failure (made into text only then).
        let selected: WatchMessage.Selected
        let deadline: Int64
    }

    private struct Deadline: Comparable {
        let time: Int64
        let sequence: Int
        static func < (lhs: Deadline, rhs: Deadline) -> Bool { (lhs.time, lhs.sequence) < (rhs.time, rhs.sequence) }
    }

    private let rule: FollowRule
    private let negated: Bool
    private let limits: WatchLimits
    private var open: [Int: Obligation] = [:]
    private var openByMatch: [String: [Int]] = [:]
    private var deadlines = Heap<Deadline>()
    /// Correlated messages newer than the watermark, by match, for sources not read yet.
    private var early: [String: [Coordinates]] = [:]
    private var earlyByAge: Deque<(match: String, timestamp: Int64)> = []
    private var earlyCount = 0
    private var watermark: Int64?

    var needsJSON: Bool { rule.match.needsJSON }

    init(rule: FollowRule, negated: Bool, limits: WatchLimits) {
        self.rule = rule
        self.negated = negated
        self.limits = limits
    }

    /// A selected source message: opens an obligation unless an early correlated message settles it.
    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        let selected = message.select(rule.match)
        guard let match = selected.key else {
            result.fail(Violation(record: message.record, why: "cannot correlate: \(selected.display)", category: "unreadable"))
            return
        }
        let opener = Coordinates(message)
        let deadline = opener.timestamp.clampedAdding(rule.withinMilliseconds)
        if let target = early[match]?.first(where: {
            $0.sequence != opener.sequence && $0.timestamp >= opener.timestamp && $0.timestamp <= deadline
        }) {
            if negated { result.fail(forbidden(target: target, opener: opener, display: selected.display)) }
            return
        }
        if open.count >= limits.openObligations { dropOldestObligation(result: &result) }
        open[opener.sequence] = Obligation(opener: opener, match: match, selected: selected, deadline: deadline)
        openByMatch[match, default: []].append(opener.sequence)
        deadlines.insert(Deadline(time: deadline, sequence: opener.sequence))
        // Closed obligations leave their deadline behind until event time passes it; if event
        // time stalls (a silent partition), drop those leftovers rather than grow without bound.
        if deadlines.count > 2 * max(limits.openObligations, open.count) {
            deadlines = Heap(open.map { Deadline(time: $0.value.deadline, sequence: $0.key) })
        }
        result.open = open.count
    }

    /// A correlated message (on the rule's topic, its `where` passed): closes the obligations it answers.
    func correlate(_ message: WatchMessage, result: inout WatchResult) {
        guard let match = message.select(rule.match).key else { return }
        let target = Coordinates(message)
        if let waiting = openByMatch[match] {
            var still: [Int] = []
            for sequence in waiting {
                guard let obligation = open[sequence] else { continue }
                let answers = sequence != target.sequence && obligation.opener.timestamp <= target.timestamp
                    && target.timestamp <= obligation.deadline
                if answers {
                    open[sequence] = nil
                    if negated { result.fail(forbidden(target: target, opener: obligation.opener, display: obligation.selected.display)) }
                } else {
                    still.append(sequence)
                }
            }
            openByMatch[match] = still.isEmpty ? nil : still
            result.open = open.count
        }
        if watermark.map({ target.timestamp >= $0 }) ?? true {
            early[match, default: []].append(target)
            earlyByAge.append((match, target.timestamp))
            earlyCount += 1
            while earlyCount > limits.earlyTargets, let oldest = earlyByAge.popFirst() {
                forgetEarly(oldest.match, before: oldest.timestamp.clampedAdding(1))
                result.forgotten += 1
            }
        }
    }

    func advance(to time: Int64, result: inout WatchResult) {
        watermark = time
        while let next = deadlines.min, next.time < time {
            deadlines.removeMin()
            guard let obligation = open.removeValue(forKey: next.sequence) else { continue }
            removeFromMatch(obligation.match, next.sequence)
            if !negated {
                result.fail(obligation.opener.violation(
                    why: "no \(rule.topic) message with \(rule.match) \(obligation.selected.display) within \(WatchDuration.text(rule.withinMilliseconds))"))
            }
        }
        while let oldest = earlyByAge.first, oldest.timestamp < time {
            earlyByAge.removeFirst()
            forgetEarly(oldest.match, before: time)
        }
        result.open = open.count
    }

    func finish(at time: Int64?, result: inout WatchResult) {
        result.open = open.count
        guard !open.isEmpty else { return }
        let clock = time.map { "event time reached \(Timestamps.iso8601($0))" } ?? "no event time yet: some topic sent nothing"
        result.note = "\(open.count) still within their \(WatchDuration.text(rule.withinMilliseconds)) (\(clock))"
    }

    func isPending(_ result: WatchResult) -> Bool { !open.isEmpty || result.evaluated == 0 }

    private func forbidden(target: Coordinates, opener: Coordinates, display: String) -> Violation {
        target.violation(
            why: "\(rule.topic) message with \(rule.match) \(display) came \(WatchDuration.text(target.timestamp.clampedSubtracting(opener.timestamp))) after \(opener.text), within \(WatchDuration.text(rule.withinMilliseconds))")
    }

    private func forgetEarly(_ match: String, before time: Int64) {
        guard let list = early[match] else { return }
        let kept = list.filter { $0.timestamp >= time }
        earlyCount -= list.count - kept.count
        early[match] = kept.isEmpty ? nil : kept
    }

    private func removeFromMatch(_ match: String, _ sequence: Int) {
        guard var list = openByMatch[match] else { return }
        list.removeAll { $0 == sequence }
        openByMatch[match] = list.isEmpty ? nil : list
    }

    private func dropOldestObligation(result: inout WatchResult) {
        while let next = deadlines.popMin() {
            guard let obligation = open.removeValue(forKey: next.sequence) else { continue }
            removeFromMatch(obligation.match, next.sequence)
            result.forgotten += 1
            result.note = "obligation cap (\(limits.openObligations)) reached: oldest forgotten unjudged"
            return
        }
    }
}

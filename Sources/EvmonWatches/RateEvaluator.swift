import EvmonModel
import JQ
import EvmonJSON

/// `rate: {min: 1, max: 500, per: 10s}`: messages per interval of event time.
///
/// Intervals are aligned to the epoch and judged once the watermark has passed their end, so
/// late messages of an open interval still count. The first interval seen is not judged (the run
/// began part-way through it), nor is the last (it has not ended).
final class RateEvaluator: WatchEvaluator {
    private let minimum: Int?
    private let maximum: Int?
    private let interval: Int64
    /// Counts of intervals not yet judged, by interval number.
    private var counts: [Int64: Int] = [:]
    /// The first interval not yet judged; `nil` before the first message.
    private var nextToJudge: Int64?
    /// The interval the run started in, which is never judged.
    private var firstInterval: Int64?
    /// The topic failures point at, when the watch reads only one.
    private let topic: String?
    let needsJSON = false

    init(minimum: Int?, maximum: Int?, interval: Int64, topics: [String] = []) {
        topic = topics.count == 1 ? topics[0] : nil
        self.minimum = minimum
        self.maximum = maximum
        self.interval = interval
    }

    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        let number = Self.floorDivide(message.record.timestamp, interval)
        if firstInterval == nil {
            firstInterval = number
            nextToJudge = number
        }
        // A message of an interval already judged is too late to change its verdict.
        guard number >= nextToJudge! else { return }
        counts[number, default: 0] += 1
    }

    func advance(to time: Int64, result: inout WatchResult) {
        guard let next = nextToJudge else { return }
        let current = Self.floorDivide(time, interval)
        // Cheap when the watermark stays inside an interval, which is almost always.
        guard next < current else { return }
        var cursor = next
        for number in counts.keys.filter({ $0 < current }).sorted() + [current] {
            let silenceStart = cursor == firstInterval ? cursor.clampedAdding(1) : cursor
            if number > silenceStart, let minimum, minimum > 0 {
                // A long silence is one failure, not one per interval.
                reportSilence(from: silenceStart, intervals: number.clampedSubtracting(silenceStart), minimum: minimum, result: &result)
            }
            guard number < current else { break }
            let count = counts.removeValue(forKey: number) ?? 0
            if number != firstInterval { judge(count: count, interval: number, result: &result) }
            cursor = number.clampedAdding(1)
        }
        nextToJudge = current
    }

    func isPending(_ result: WatchResult) -> Bool { result.evaluated == 0 }

    private func reportSilence(from number: Int64, intervals: Int64, minimum: Int, result: inout WatchResult) {
        let start = number.clampedMultiplying(by: interval)
        let span = WatchDuration.text(intervals.clampedMultiplying(by: interval))
        result.fail(Violation(
            topic: topic, timestamp: start,
            why: "no messages from \(Timestamps.iso8601(start)) for \(span), expected at least \(minimum) per \(WatchDuration.text(interval))",
            category: "too few"))
    }

    private func judge(count: Int, interval number: Int64, result: inout WatchResult) {
        let start = number.clampedMultiplying(by: interval)
        let window = "\(Timestamps.iso8601(start)) + \(WatchDuration.text(interval))"
        if let minimum, count < minimum {
            result.fail(Violation(topic: topic, timestamp: start, why: "\(count) messages in \(window), expected at least \(minimum)", category: "too few"))
        } else if let maximum, count > maximum {
            result.fail(Violation(topic: topic, timestamp: start, why: "\(count) messages in \(window), expected at most \(maximum)", category: "too many"))
        }
    }

    static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        // Truncating division, one step down for negative remainders: `-value` would trap on Int64.min.
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}

import JQ
import EvmonJSON

/// The state and rules of one kind of watch. The `WatchRuntime` around it routes messages,
/// applies `where`, handles non-JSON values and keeps the watermark; the evaluator judges.
protocol WatchEvaluator: AnyObject {
    /// Whether judging needs the value parsed as JSON (a non-JSON value then fails or is skipped).
    var needsJSON: Bool { get }
    /// Judges one selected message; `json` is its parsed value when it parsed.
    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult)
    /// Event time (the watch's watermark) reached `time`.
    func advance(to time: Int64, result: inout WatchResult)
    /// The run ended with the watermark at `time`.
    func finish(at time: Int64?, result: inout WatchResult)
    /// Whether a verdict is still open (obligations, no evidence yet), making the status pending.
    func isPending(_ result: WatchResult) -> Bool
}

extension WatchEvaluator {
    func advance(to time: Int64, result: inout WatchResult) {}
    func finish(at time: Int64?, result: inout WatchResult) {}
    func isPending(_ result: WatchResult) -> Bool { result.evaluated == 0 }
}

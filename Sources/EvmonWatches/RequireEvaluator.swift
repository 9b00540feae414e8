import JQ
import EvmonJSON

/// `require: [event_id, payload.order_id]`: each path exists and is not null.
final class RequireEvaluator: WatchEvaluator {
    private let paths: [JSONPath]
    let needsJSON = true

    init(paths: [JSONPath]) {
        self.paths = paths
    }

    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        guard let json else { return }
        var missing: [String] = []
        var mismatched: [String] = []
        for path in paths {
            switch path.lookup(in: json) {
            case .found(.null): missing.append("\(path) is null")
            case .found: continue
            case .missing: missing.append("\(path) is missing")
            case .mismatch(let why): mismatched.append(why)
            }
        }
        let problems = missing + mismatched
        guard !problems.isEmpty else { return }
        result.fail(Violation(record: message.record, why: problems.joined(separator: "; ")))
    }
}

import JQ
import EvmonJSON

/// `expect: '<jq>'`: the expression is truthy for every selected message.
final class ExpectEvaluator: WatchEvaluator {
    private let predicate: WatchPredicate
    let needsJSON = true
    var needsJQ: Bool { predicate.needsJQ }

    init(predicate: WatchPredicate) {
        self.predicate = predicate
    }

    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        guard let json else { return }
        switch predicate.judge(message, json: json, context: context) {
        case .yes:
            return
        case .no(let seen):
            result.fail(Violation(record: message.record, why: "expected \(predicate.expression) to hold; \(seen)"))
        case .error(let why):
            result.fail(Violation(record: message.record, why: "\(predicate.expression): jq error: \(why)", category: "error"))
        }
    }
}

import DequeModule
import JQ
import EvmonJSON

/// `ordered: {by: .payload.sequence, per: key}`: within each scope the value steps by one.
/// A repeat is a duplicate, a step back a regression, a skip a gap; each is counted apart.
final class OrderedEvaluator: WatchEvaluator {
    private let by: RecordSelector
    private let per: RecordSelector
    private let capacity: Int
    /// The last value per scope, scopes as fingerprints (a violation names the scope of the
    /// message at hand, never a remembered one).
    private let last = FingerprintMap<JSONValue>()
    /// Scopes in the order first seen, for the cap.
    private var scopes: Deque<KeyFingerprint> = []

    var needsJSON: Bool { by.needsJSON || per.needsJSON }

    /// Said once the cap is reached; made once, not once per forgotten scope.
    private let capNote: String

    init(by: RecordSelector, per: RecordSelector, capacity: Int) {
        self.by = by
        self.per = per
        self.capacity = capacity
        capNote = "scope cap (\(capacity)) reached: oldest scopes forgotten"
    }

    func judge(_ message: WatchMessage, json: JSONValue?, context: JQContext?, result: inout WatchResult) {
        let record = message.record
        let scope = message.select(per)
        guard let scopeKey = scope.fingerprint else {
            result.fail(Violation(record: record, why: "no \(per) to order by: \(scope.display)", category: "unreadable"))
            return
        }
        let value: JSONValue
        switch message.select(by) {
        case .json(let found, _): value = found
        case .partition(let partition): value = .number(Double(partition))
        case .bytes(let bytes):
            let text = String(decoding: bytes, as: UTF8.self)
            value = Double(text).map(JSONValue.number) ?? .string(text)
        case .unavailable(let why):
            result.fail(Violation(record: record, why: "\(by): \(why)", category: "unreadable"))
            return
        }
        // Built only when a failure needs it.
        var scopeText: String { per == .partition ? "partition \(record.partition)" : "\(per) \(scope.display)" }
        guard let previous = last[scopeKey] else {
            remember(scopeKey, value, result: &result)
            return
        }
        switch (previous, value) {
        case (.number(let before), .number(let now)):
            if now == before {
                result.fail(Violation(record: record, why: "duplicate: \(by) \(value.keyText) again (\(scopeText))", category: "duplicate"))
            } else if now < before {
                result.fail(Violation(record: record, why: "regression: \(by) \(value.keyText) after \(previous.keyText) (\(scopeText))", category: "regression"))
            } else {
                if now > before + 1, now.rounded() == now, before.rounded() == before {
                    let missing = now - before - 1
                    result.fail(Violation(
                        record: record, why: "gap: \(by) \(value.keyText) after \(previous.keyText), \(JSONValue.numberText(missing)) missing (\(scopeText))",
                        category: "gap"))
                }
                last.updateValue(value, forKey: scopeKey)
            }
        case (.string(let before), .string(let now)):
            if now == before {
                result.fail(Violation(record: record, why: "duplicate: \(by) \(value.compactText()) again (\(scopeText))", category: "duplicate"))
            } else if now < before {
                result.fail(Violation(record: record, why: "regression: \(by) \(value.compactText()) after \(previous.compactText()) (\(scopeText))", category: "regression"))
            } else {
                last.updateValue(value, forKey: scopeKey)
            }
        default:
            result.fail(Violation(
                record: record, why: "\(by) is \(value.kindName) \(value.compactText()), not comparable with \(previous.compactText()) (\(scopeText))",
                category: "unreadable"))
        }
    }

    private func remember(_ scope: KeyFingerprint, _ value: JSONValue, result: inout WatchResult) {
        last.updateValue(value, forKey: scope)
        scopes.append(scope)
        if scopes.count > capacity, let oldest = scopes.popFirst() {
            last.removeValue(forKey: oldest)
            result.forgotten += 1
            if result.note != capNote { result.note = capNote }
        }
    }
}

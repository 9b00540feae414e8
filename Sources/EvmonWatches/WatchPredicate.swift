import JQ
import EvmonJSON

/// A `where` or `expect` expression, compiled once: natively when it is a plain comparison of a
/// path with a literal (`.event_type == "OrderCreated"`), by jq otherwise.
///
/// The native form gives jq's answer for those expressions (same lookup rules, same equality),
/// at a fraction of the cost; anything else goes to jq unchanged.
enum WatchPredicate {
    case native(path: JSONPath, equal: Bool, literal: JSONValue, expression: String)
    case jq(JQProgram)

    /// The outcome of judging one message.
    enum Verdict {
        case yes
        /// Not true; the text says what was seen (`it gave false`, `.status is "failed"`).
        case no(String)
        case error(String)
    }

    init(compiling expression: String) throws(JQError) {
        if let native = Self.native(expression) {
            self = native
        } else {
            self = .jq(try JQProgram(compiling: expression))
        }
    }

    var needsJQ: Bool {
        if case .jq = self { return true }
        return false
    }

    var expression: String {
        switch self {
        case .native(_, _, _, let expression): return expression
        case .jq(let program): return program.expression
        }
    }

    func judge(_ message: WatchMessage, json: JSONValue, context: JQContext?) -> Verdict {
        switch self {
        case .native(let path, let equal, let literal, _):
            let seen: JSONValue
            switch path.lookup(in: json) {
            case .found(let value): seen = value
            case .missing: seen = .null
            case .mismatch(let why): return .error(why)
            }
            if (seen == literal) == equal { return .yes }
            return .no("\(path) is \(seen.compactText())")
        case .jq(let program):
            guard let context else { return .error("jq is not available here") }
            switch program.evaluate(message.jq(json, in: context), in: context) {
            case .output(true, _): return .yes
            case .output(false, let text): return .no("it gave \(text ?? "false")")
            case .empty: return .no("it gave no output")
            case .error(let message): return .error(message)
            }
        }
    }

    /// `PATH == LITERAL` or `PATH != LITERAL` with a simple path and a JSON scalar.
    private static func native(_ expression: String) -> WatchPredicate? {
        let text = String(expression.trimmingWhitespace())
        for (operatorText, equal) in [("==", true), ("!=", false)] {
            let parts = text.components(separatedBy: operatorText)
            guard parts.count == 2 else { continue }
            let left = String(parts[0].trimmingWhitespace())
            let right = String(parts[1].trimmingWhitespace())
            guard left.hasPrefix("."), left.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
                  !left.contains(".."), let path = try? JSONPath(parsing: left),
                  let literal = try? JSONParser.parse(Array(right.utf8))
            else { return nil }
            switch literal {
            case .array, .object: return nil
            default: return .native(path: path, equal: equal, literal: literal, expression: expression)
            }
        }
        return nil
    }
}

import JQ
import EvmonJSON

/// A `where` or `expect` expression, compiled once: natively when it is a plain comparison of a
/// path with a literal (`.event_type == "OrderCreated"`, `.payload.total > 0`), by jq otherwise.
///
/// The native form gives jq's answer for those expressions (same lookup rules, same equality),
/// at a fraction of the cost; anything else goes to jq unchanged.
enum WatchPredicate {
    case native(path: JSONPath, comparison: Comparison, literal: JSONValue, expression: String)
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
        case .native(let path, let comparison, let literal, _):
            let seen: JSONValue
            switch path.lookup(in: json) {
            case .found(let value): seen = value
            case .missing: seen = .null
            case .mismatch(let why): return .error(why)
            }
            if comparison.holds(seen, literal) { return .yes }
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

    /// `PATH op LITERAL` with a simple path, one of `==`, `!=`, `<=`, `>=`, `<`, `>`, and a JSON scalar.
    private static func native(_ expression: String) -> WatchPredicate? {
        let text = String(expression.trimmingWhitespace())
        // Two-character operators first: `<=` must not be read as `<` followed by `= 1`.
        for comparison in Comparison.allCases {
            let parts = text.components(separatedBy: comparison.rawValue)
            guard parts.count == 2 else { continue }
            let left = String(parts[0].trimmingWhitespace())
            let right = String(parts[1].trimmingWhitespace())
            guard left.hasPrefix("."), left.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
                  !left.contains(".."), let path = try? JSONPath(parsing: left),
                  let literal = try? JSONParser.parse(Array(right.utf8))
            else { return nil }
            switch literal {
            case .array, .object: return nil
            default: return .native(path: path, comparison: comparison, literal: literal, expression: expression)
            }
        }
        return nil
    }

    /// The comparisons run natively, with jq's meaning: equality of JSON values, and jq's order
    /// of all values (null < false < true < numbers < strings < arrays < objects; numbers by
    /// value, strings by their UTF-8 bytes).
    enum Comparison: String, CaseIterable {
        case equal = "==", notEqual = "!=", lessOrEqual = "<=", greaterOrEqual = ">=", less = "<", greater = ">"

        func holds(_ seen: JSONValue, _ literal: JSONValue) -> Bool {
            switch self {
            case .equal: return seen == literal
            case .notEqual: return seen != literal
            case .less: return Self.order(seen, literal) < 0
            case .lessOrEqual: return Self.order(seen, literal) <= 0
            case .greater: return Self.order(seen, literal) > 0
            case .greaterOrEqual: return Self.order(seen, literal) >= 0
            }
        }

        /// jq's order of `value` against a scalar `literal`: negative, zero or positive.
        static func order(_ value: JSONValue, _ literal: JSONValue) -> Int {
            let (rank, other) = (Self.rank(value), Self.rank(literal))
            guard rank == other else { return rank < other ? -1 : 1 }
            switch (value, literal) {
            case (.bool(let left), .bool(let right)): return left == right ? 0 : (left ? 1 : -1)
            case (.number(let left), .number(let right)): return left < right ? -1 : (left > right ? 1 : 0)
            case (.string(let left), .string(let right)):
                return left.utf8.lexicographicallyPrecedes(right.utf8) ? -1 : (left.utf8.elementsEqual(right.utf8) ? 0 : 1)
            default: return 0  // null against null; a scalar literal never meets an array or object here
            }
        }

        /// jq's kinds in their order; false and true are kinds of their own.
        private static func rank(_ value: JSONValue) -> Int {
            switch value {
            case .null: 0
            case .bool(let flag): flag ? 2 : 1
            case .number: 3
            case .string: 4
            case .array: 5
            case .object: 6
            }
        }
    }
}

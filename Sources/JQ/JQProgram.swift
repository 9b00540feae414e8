import CJQ

/// One compiled jq expression, ready to run many times.
///
/// Compile once (`JQProgram(compiling:)`), then `evaluate` per message inside
/// `JQThread.shared.perform`. `@unchecked Sendable`: its `jq_state` is only touched on the jq thread.
///
/// ```swift
/// let program = try JQProgram(compiling: ".payload.total > 0")
/// let outcome = JQThread.shared.perform { context in
///     let input = JQValue.parse(Array(#"{"payload":{"total":3}}"#.utf8), in: context)!
///     defer { input.release(in: context) }
///     return program.evaluate(input, in: context)
/// }
/// ```
public final class JQProgram: @unchecked Sendable {
    /// The expression as written.
    public let expression: String
    private var state: OpaquePointer?
    /// Receives compile messages; must live as long as `state`, which points at it.
    private let messages = MessageCollector()

    /// Compiles `expression`; a syntax error carries jq's message.
    public init(compiling expression: String) throws(JQError) {
        self.expression = expression
        let messages = self.messages
        let compiled: OpaquePointer? = JQThread.shared.perform { _ in
            guard let state = jq_init() else { return nil }
            jq_set_error_cb(state, { context, message in
                let collector = Unmanaged<MessageCollector>.fromOpaque(context!).takeUnretainedValue()
                let formatted = jq_format_error(message)
                if jv_get_kind(formatted) == JV_KIND_STRING {
                    collector.lines.append(String(cString: jv_string_value(formatted)))
                }
                jv_free(formatted)
            }, Unmanaged.passUnretained(messages).toOpaque())
            if jq_compile(state, expression) == 0 {
                var doomed: OpaquePointer? = state
                jq_teardown(&doomed)
                return nil
            }
            return state
        }
        guard let compiled else {
            let text = messages.lines
                .map { $0.hasPrefix("jq: error: ") ? String($0.dropFirst("jq: error: ".count)) : $0 }
                .filter { !$0.hasSuffix("compile error") && !$0.hasSuffix("compile errors") }
                .joined(separator: "; ")
                // jq points at the error with a second line; errors here are one line.
                .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            let plain = JQError.plainWords(text, expression: expression)
            throw JQError(expression: expression, message: plain.isEmpty ? "jq cannot compile it" : plain)
        }
        state = compiled
        messages.lines.removeAll()
    }

    deinit {
        guard state != nil else { return }
        let box = StateBox(state: state)
        JQThread.shared.perform { _ in
            var doomed = box.state
            jq_teardown(&doomed)
        }
    }

    /// Runs the program on `input` (not consumed) and judges its first output.
    public func evaluate(_ input: borrowing JQValue, in context: borrowing JQContext) -> JQOutcome {
        jq_start(state, jv_copy(input.raw), 0)
        let result = jq_next(state)
        if jq_halted(state) != 0 {
            jv_free(result)
            return recoverFromHalt()
        }
        let kind = jv_get_kind(result)
        switch kind {
        case JV_KIND_INVALID:
            guard jv_invalid_has_msg(jv_copy(result)) != 0 else {
                jv_free(result)
                return .empty
            }
            let message = jv_invalid_get_msg(result)
            defer { jv_free(message) }
            if jv_get_kind(message) == JV_KIND_STRING { return .error(String(cString: jv_string_value(message))) }
            let dumped = jv_dump_string(jv_copy(message), 0)
            defer { jv_free(dumped) }
            return .error(String(cString: jv_string_value(dumped)) + " (not a string)")
        case JV_KIND_NULL:
            jv_free(result)
            return .output(truthy: false, text: "null")
        case JV_KIND_FALSE:
            jv_free(result)
            return .output(truthy: false, text: "false")
        default:
            jv_free(result)
            return .output(truthy: true, text: nil)
        }
    }

    /// `halt` / `halt_error` leave a jq 1.6 state poisoned: its reset frees the halt's exit code
    /// and message but keeps pointing at them, so the reset after that frees them again (fixed
    /// upstream in 1.7). Reset once here, then overwrite the stale values with ones that need no
    /// freeing, so the state stays usable and its teardown stays safe.
    private func recoverFromHalt() -> JQOutcome {
        let message = jq_get_error_message(state)
        var text = "the program halted"
        switch jv_get_kind(message) {
        case JV_KIND_INVALID, JV_KIND_NULL:
            jv_free(message)
        case JV_KIND_STRING:
            text += ": " + String(cString: jv_string_value(message))
            jv_free(message)
        default:
            let dumped = jv_dump_string(message, 0)
            text += ": " + String(cString: jv_string_value(dumped))
            jv_free(dumped)
        }
        jq_start(state, jv_null(), 0)
        jq_halt(state, jv_invalid(), jv_invalid())
        return .error(text)
    }

    private final class MessageCollector {
        var lines: [String] = []
    }

    private struct StateBox: @unchecked Sendable {
        let state: OpaquePointer?
    }
}

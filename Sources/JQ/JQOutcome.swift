/// What running a jq program on one input gave: its first output, judged by jq's truthiness.
public enum JQOutcome: Sendable, Equatable {
    /// The first output; `truthy` is false only for `false` and `null`, as in jq.
    /// `text` is the output written compactly, kept only when it is falsy (for the "why").
    case output(truthy: Bool, text: String?)
    /// The program produced no output (`empty`, `select(false)`).
    case empty
    /// A runtime error, in jq's words (`Cannot index string with "a"`).
    case error(String)
}

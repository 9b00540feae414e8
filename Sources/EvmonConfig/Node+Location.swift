import Yams

extension Node {
    /// Where this node starts in its file, as `line:column` (1-based), for error messages.
    public var location: String {
        mark.map { "\($0.line):\($0.column)" } ?? "?"
    }
}

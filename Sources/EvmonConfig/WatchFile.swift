import Foundation
import Yams
import EvmonModel
import EvmonWatches

/// A watch file: the rules `evmon check` and the TUI's watches pane evaluate.
///
/// ```yaml
/// watches:
///   - name: no duplicate events
///     topic: orders
///     unique: { key: .event_id, within: 10m }
/// ```
///
/// Every mistake is a usage error (exit 2) naming `file:line:column` and what is wrong; unknown
/// keys and kinds are reported, never ignored. jq is compiled later, by `WatchEngine`, whose
/// errors name the watch and its place in the file.
public struct WatchFile: Sendable, Equatable {
    /// The file's path as given.
    public var path: String
    /// The watches in file order, each with its `origin` (`file:line:column`).
    public var watches: [WatchDefinition]

    public init(path: String, watches: [WatchDefinition]) {
        self.path = path
        self.watches = watches
    }

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(EvmonError) -> WatchFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("\(path): cannot read the watch file (missing or unreadable)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw .usage("\(path): not UTF-8 text") }
        return try parse(text, path: path)
    }

    /// Parses watch-file text; `path` only names the file in errors.
    public static func parse(_ text: String, path: String) throws(EvmonError) -> WatchFile {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw .usage(YAMLSyntaxError.message(error, path: path, text: text))
        }
        guard let node, let root = node.mapping else {
            throw .usage("\(path): expected a mapping with a 'watches' list")
        }
        let reader = WatchReader(path: path)
        var watches: [WatchDefinition]?
        for (key, value) in root {
            guard key.string == "watches" else {
                throw reader.error(at: key, "unknown key '\(key.string ?? "?")' (a watch file has only 'watches')")
            }
            guard let list = value.sequence else { throw reader.error(at: value, "'watches' must be a list of watches") }
            watches = try list.map { (item) throws(EvmonError) in try reader.watch(item) }
        }
        guard let watches else { throw .usage("\(path): no 'watches' list") }
        // An empty file would pass every check in CI while checking nothing.
        guard !watches.isEmpty else { throw .usage("\(path): the 'watches' list is empty") }
        return WatchFile(path: path, watches: watches)
    }
}

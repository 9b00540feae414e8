import Foundation

/// A file with given contents under the temporary folder, for commands that read a file.
public struct TemporaryFile: Sendable {
    public let path: String

    /// Writes `contents` to a new file named with `suffix` (`.jsonl`, `.yaml`).
    public init(contents: String, suffix: String = ".jsonl") throws {
        try self.init(data: Data(contents.utf8), suffix: suffix)
    }

    /// Writes `data` to a new file named with `suffix`.
    public init(data: Data, suffix: String = ".jsonl") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-test-\(UUID().uuidString)\(suffix)").path
        try data.write(to: URL(fileURLWithPath: path))
    }
}

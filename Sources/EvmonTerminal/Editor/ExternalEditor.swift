import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// Edits bytes in the user's editor: `VISUAL`, else `EDITOR`, else `vi`, run the way git runs it.
///
/// ```swift
/// guard let edited = try ExternalEditor.edit(value, fileExtension: "json", environment: environment) else {
///     return print("edit cancelled, nothing sent")
/// }
/// ```
///
/// It blocks until the editor exits and needs the terminal to itself: inside the TUI, call it
/// through `TerminalDriver.runOutsideCurses`.
public enum ExternalEditor {
    /// One editor at a time: there is one terminal, and the signal dispositions swapped while an
    /// editor runs are process-wide.
    private static let oneAtATime = Mutex(())

    /// Writes `bytes` to a private temporary file (`evmon-replay-XXXXXX.<fileExtension>` in
    /// `TMPDIR` or /tmp, mode 0600), runs the editor on it on the terminal and returns what was
    /// saved, byte for byte, except the line end an editor adds after a value that ended without
    /// one (`EditorNewline`): saved unchanged, a value comes back as it went in. Returns nil when the editor
    /// exits non-zero or is killed: the user cancelled. The file is always removed.
    ///
    /// `environment` chooses the editor and `TMPDIR`, and is the editor's whole environment.
    /// Throws a usage error when there is no terminal or the editor cannot be run.
    public static func edit(
        _ bytes: [UInt8], fileExtension: String, environment: [String: String]
    ) throws(EvmonError) -> [UInt8]? {
        try edit(bytes, fileExtension: fileExtension, environment: environment, terminal: .controlling)
    }

    /// `edit`, with the editor's standard streams chosen by `terminal` (tests run without one).
    static func edit(
        _ bytes: [UInt8], fileExtension: String, environment: [String: String], terminal: TerminalStreams
    ) throws(EvmonError) -> [UInt8]? {
        try oneAtATime.withLock { _ throws(EvmonError) -> [UInt8]? in
            let command = editorCommand(in: environment)
            let streams = try terminal.resolve()
            defer { streams.release() }
            let directory = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            let file = try EditorFile(writing: bytes, fileExtension: fileExtension, directory: directory)
            defer { file.remove() }
            guard try EditorProcess.run(command, file: file.path, streams: streams, environment: environment) else {
                return nil
            }
            return EditorNewline.value(saved: try file.contents(), original: bytes)
        }
    }

    /// The editor command line the user configured (it may hold arguments: `code --wait`).
    static func editorCommand(in environment: [String: String]) -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let command = environment[name], command.contains(where: { !$0.isWhitespace }) { return command }
        }
        return "vi"
    }
}

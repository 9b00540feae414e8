import EvmonConfig
import EvmonWatches

/// Files users write (and may get wrong): watch files, themes and config.yaml. First byte:
/// which; the rest: the file's text. A file either loads or is one usage error (exit 2).
enum FileFuzzTargets {
    static let all = [FuzzTarget("user-files", run: userFiles)]

    static func userFiles(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let which = input.byte() % 3
        let text = String(decoding: input.rest(), as: UTF8.self)
        switch which {
        case 0:
            guard let file = try? WatchFile.parse(text, path: "w.yaml") else { return }
            // What loads compiles into an engine or is refused with a reason, never a trap.
            _ = try? WatchEngine(watches: file.watches)
        case 1: _ = try? ThemeParser.parse(text, name: "t", path: "t.yaml")
        default: _ = try? Configuration.parse(text, path: "c.yaml")
        }
    }
}

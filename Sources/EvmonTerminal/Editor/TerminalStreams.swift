#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// Where an editor's standard input, output and error come from.
enum TerminalStreams: Sendable {
    /// The terminal: the process's own streams that are one, `/dev/tty` in place of the others
    /// (`evmon dlq replay --edit < ids.txt | tee log` still edits on the screen). No terminal at
    /// all is a usage error.
    case controlling
    /// The process's own streams, whatever they are: for tests, which run without a terminal.
    case inherited

    /// The descriptors to hand the editor; `release` them once it has exited.
    func resolve() throws(EvmonError) -> EditorStreams {
        guard case .controlling = self else { return EditorStreams(terminal: -1, replaced: []) }
        let replaced = [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO].filter { isatty($0) != 1 }
        if replaced.isEmpty { return EditorStreams(terminal: -1, replaced: []) }
        // O_NOCTTY: never make a terminal controlling by opening it; /dev/tty already is ours.
        let terminal = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard terminal >= 0 else { throw .usage("--edit needs a terminal for the editor") }
        return EditorStreams(terminal: terminal, replaced: replaced)
    }
}

/// The terminal opened for an editor and the standard streams it stands in for.
struct EditorStreams {
    /// `/dev/tty`, or -1 when the editor keeps the process's own streams.
    let terminal: Int32
    /// The standard descriptors (0, 1, 2) the editor gets `terminal` as.
    let replaced: [Int32]

    /// Closes the terminal opened for the editor, if one was.
    func release() {
        if terminal >= 0 { _ = close(terminal) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// Runs an editor command line on a file and waits for it, as git does.
enum EditorProcess {
    /// Runs `sh -c '<command> "$@"' <command> <file>`: the shell splits and unquotes the
    /// command (`code --wait`, `nano -w`, a quoted path), and the file comes last. Returns true
    /// when the editor exited 0, false when it failed or was killed; throws when the shell could
    /// not find or run it (exit 127 or 126) or could not be started at all.
    static func run(
        _ command: String, file: String, streams: EditorStreams, environment: [String: String]
    ) throws(EvmonError) -> Bool {
        let dispositions = EditorSignalDispositions.install()
        defer { dispositions.restore() }
        let arguments = ["sh", "-c", command + " \"$@\"", command, file]
        let process = try spawn(arguments, streams: streams, environment: environment, command: command)
        let status = try waitForExit(of: process, command: command)
        // The wait status layout (<sys/wait.h> macros Swift cannot import): low 7 bits are the
        // signal that killed the process (0 when it exited), the next byte its exit code.
        guard status & 0x7f == 0 else { return false }
        switch (status >> 8) & 0xff {
        case 0: return true
        case 127: throw .usage("cannot run editor '\(command)': command not found (set VISUAL or EDITOR)")
        case 126: throw .usage("cannot run editor '\(command)': not executable (set VISUAL or EDITOR)")
        default: return false
        }
    }

    private static func spawn(
        _ arguments: [String], streams: EditorStreams, environment: [String: String], command: String
    ) throws(EvmonError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in streams.replaced {
            posix_spawn_file_actions_adddup2(&actions, streams.terminal, descriptor)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The editor starts clean: nothing blocked, every signal at its default, whatever this
        // process ignores (SIGINT while waiting, SIGPIPE) or catches (the TUI's handlers).
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        sigdelset(&everySignal, SIGKILL)
        sigdelset(&everySignal, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &everySignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let environmentLines = environment.filter { !$0.key.contains("=") }.map { "\($0.key)=\($0.value)" }
        var process: pid_t = 0
        let result = withCStringArray(arguments) { argv in
            withCStringArray(environmentLines) { envp in
                posix_spawn(&process, "/bin/sh", &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else {
            throw .usage("cannot run editor '\(command)': \(String(cString: strerror(result))) (set VISUAL or EDITOR)")
        }
        return process
    }

    private static func waitForExit(of process: pid_t, command: String) throws(EvmonError) -> Int32 {
        var status: Int32 = 0
        // The TUI's signal handlers are installed without SA_RESTART: a resize interrupts the wait.
        while waitpid(process, &status, 0) < 0 {
            guard errno == EINTR else {
                throw .usage("lost the editor '\(command)': \(String(cString: strerror(errno)))")
            }
        }
        return status
    }

    /// Calls `body` with `strings` as a NULL-terminated C array (argv, envp).
    private static func withCStringArray<Result>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> Result
    ) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

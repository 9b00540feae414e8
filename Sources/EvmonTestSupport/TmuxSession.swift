import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program running in a detached tmux session of a fixed size, for end-to-end TUI tests: send
/// keys, read the screen as text, resize, and see whether it is still running.
///
/// Each session has its own tmux server on a private socket (`tmux -S` with a path in the
/// temporary folder, removed by `kill()`; `-L` would leave sockets behind in `/tmp/tmux-UID`),
/// so tests running in parallel, or a developer's own tmux, never see each other. The pane stays after the program
/// exits (`remain-on-exit`), so its exit status can still be read; its last screen is not
/// reliable then (tmux 3.3 sometimes clears it to say the pane is dead), so read the screen
/// before ending the program.
///
/// ```swift
/// let session = try TmuxSession(["evmon", "demo"], width: 100, height: 30, environment: ["NO_COLOR": "1"])
/// defer { session.kill() }
/// try session.waitFor(text: "orders")
/// try session.sendKeys("Tab", "j", "Enter")
/// try session.sendText("/error")
/// print(try session.capture())
/// ```
public final class TmuxSession: Sendable {
    /// Why a tmux operation failed.
    public enum Failure: Error, CustomStringConvertible {
        /// tmux itself failed (not installed, the session is gone, …).
        case tmux(arguments: [String], status: Int32, message: String)
        /// `waitFor` did not see the text in time; `screen` is the last capture.
        case timedOut(waitingFor: String, screen: String)

        public var description: String {
            switch self {
            case .tmux(let arguments, let status, let message):
                "tmux \(arguments.joined(separator: " ")) exited \(status): \(message)"
            case .timedOut(let text, let screen):
                "timed out waiting for '\(text)'; the screen was:\n\(screen)"
            }
        }
    }

    /// The session's name, unique to this process and run.
    public let name: String
    private let configurationPath: String
    private let socketPath: String
    private let statusPath: String
    /// The pane's first process, leader of the process group the program runs in.
    private let panePID = Mutex<pid_t>(0)

    /// Starts `command` (program and arguments, run without a shell) in a `width` × `height`
    /// session, with `environment` added to this process's environment.
    public init(
        _ command: [String], width: Int = 80, height: Int = 24, environment: [String: String] = [:],
        workingDirectory: String? = nil
    ) throws {
        name = "evmon-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
        let temporary = FileManager.default.temporaryDirectory
        configurationPath = temporary.appendingPathComponent("\(name).tmux.conf").path
        socketPath = temporary.appendingPathComponent("\(name).tmux.sock").path
        statusPath = temporary.appendingPathComponent("\(name).status").path
        // A config of our own: the user's ~/.tmux.conf must not change sizes, keys or shells.
        // `set-clipboard on`: a program's OSC 52 copy becomes a paste buffer (`pasteBuffer`).
        let configuration = "set -g remain-on-exit on\nset -g status off\nset -g default-terminal tmux-256color\nset -g set-clipboard on\n"
        try configuration.write(toFile: configurationPath, atomically: true, encoding: .utf8)
        var arguments = ["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height)]
        if let workingDirectory { arguments += ["-c", workingDirectory] }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        // A shell records the exit status in a file: tmux 3.3 sometimes marks a pane dead before
        // it reaps the program and then never fills in `pane_dead_status`. The shell traps the
        // Ctrl-C a test sends (it reaches the whole process group) so it outlives the program;
        // hang-ups still end it, and with it the program, when the session goes away.
        let recordStatus = "trap : INT; \"$@\"; echo $? > \"$0.partial\" && mv \"$0.partial\" \"$0\""
        arguments += ["sh", "-c", recordStatus, statusPath] + command
        do {
            try tmux(arguments)
            let pid = try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
            panePID.withLock { $0 = pid_t(pid.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }
        } catch {
            kill()
            throw error
        }
    }

    deinit { kill() }

    /// Sends keys by tmux name (`Enter`, `Escape`, `Up`, `BTab`, `C-c`, `F5`, `q`, …).
    public func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Types `text` literally (no key-name lookup).
    public func sendText(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// The visible screen as text, one line per row; with `escapes`, colours and attributes as
    /// escape sequences too.
    public func capture(escapes: Bool = false) throws -> String {
        try tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }

    /// Polls the screen until it contains `text`; returns that screen, or throws `.timedOut`
    /// with the last one.
    @discardableResult
    public func waitFor(text: String, timeout: TimeInterval = 10) throws -> String {
        try waitFor(text, timeout: timeout) { $0.contains(text) }
    }

    /// Polls the screen until `isReady` accepts it; returns that screen, or throws `.timedOut`
    /// (saying it waited for `description`) with the last one.
    @discardableResult
    public func waitFor(_ description: String, timeout: TimeInterval = 10, until isReady: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while true {
            screen = (try? capture()) ?? screen
            if isReady(screen) { return screen }
            if Date() > deadline { throw Failure.timedOut(waitingFor: description, screen: screen) }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The newest paste buffer: what the program last copied to the clipboard (OSC 52).
    public func pasteBuffer() throws -> String {
        try tmux(["show-buffer"])
    }

    /// The pane's title as the program left it (an OSC 0/2 sequence would change it).
    public var paneTitle: String {
        ((try? tmux(["display-message", "-p", "-t", name, "#{pane_title}"])) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Resizes the session's window (the program gets SIGWINCH).
    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// Whether the program is still running (false once it exited or the session was killed).
    public var isRunning: Bool {
        guard exitStatus == nil, let dead = try? tmux(["display-message", "-p", "-t", name, "#{pane_dead}"]) else { return false }
        return dead.trimmingCharacters(in: .whitespacesAndNewlines) == "0"
    }

    /// The program's exit status once it has exited (128 + N if signal N ended it), else nil.
    public var exitStatus: Int32? {
        guard let text = try? String(contentsOfFile: statusPath, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Waits until the program has exited; returns its exit status, or nil on timeout.
    public func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = exitStatus { return status }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// Ends the program and the session's tmux server. Idempotent.
    public func kill() {
        // Nothing a test started may outlive it, however it handles hang-ups.
        // Once only: a second kill could reach a new process group that reused the number.
        let leader = panePID.withLock { pid in defer { pid = 0 }; return pid }
        if leader > 0 { _ = Glibc.kill(-leader, SIGKILL) }
        _ = try? tmux(["kill-server"])
        unlink(configurationPath)
        unlink(socketPath)
        unlink(statusPath)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["TMUX"] = nil  // tests run from inside tmux must still talk to their own server
        let result = try Self.spawnAndWait(["tmux", "-S", socketPath, "-f", configurationPath] + arguments, environment: environment)
        guard result.status == 0 else {
            throw Failure.tmux(arguments: arguments, status: result.status, message: result.errors.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return result.output
    }

    /// Runs a program and waits for it with posix_spawn and waitpid.
    ///
    /// Not Foundation's `Process`: it learns of exits on a Dispatch queue, which tests blocking
    /// every cooperative thread (two on a two-core machine) can starve, so a finished tmux client
    /// would never be seen. Output goes to files, not pipes, because the tmux server that
    /// `new-session` forks would inherit a pipe and hold it open.
    private static func spawnAndWait(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String, errors: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-tmux-\(UUID().uuidString)").path
        let outputPath = base + ".out"
        let errorPath = base + ".err"
        defer {
            unlink(outputPath)
            unlink(errorPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The calling thread may block or ignore signals (Dispatch workers block most); tmux
        // inherits both, and would then never learn that its panes' programs exited.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw Failure.tmux(arguments: arguments, status: -1, message: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        let exitCode = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return (exitCode, output, errors)
    }
}

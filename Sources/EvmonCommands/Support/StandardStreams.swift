#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// The reader of evmon's output went away (a closed pipe); evmon ends quietly.
struct OutputClosed: Error {}

/// Buffered standard output: records are formatted straight into `buffer`, which is written with
/// as few system calls as possible.
final class StandardOutput {
    /// Bytes waiting to be written.
    var buffer: [UInt8] = []
    /// Flushes by itself once this many bytes wait.
    private let flushThreshold: Int

    init(flushThreshold: Int = 256 << 10) {
        self.flushThreshold = flushThreshold
        buffer.reserveCapacity(flushThreshold + (64 << 10))
    }

    /// Writes a line of text.
    func line(_ text: String) throws {
        buffer.append(utf8: text)
        buffer.append(0x0A)
        try flushIfFull()
    }

    /// Writes what waits once the threshold is passed.
    func flushIfFull() throws {
        if buffer.count >= flushThreshold { try flush() }
    }

    /// Writes everything waiting.
    func flush() throws {
        try buffer.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let result = write(1, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw OutputClosed()
                }
                written += result
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Messages for people on standard error. Everything written here passes through the same
/// escaper as stdout and the TUI: a topic name, a broker's error string or a header value can
/// hold ESC, BEL or bidi overrides, and none of them may reach the terminal raw.
enum StandardError {
    /// Writes one line; a newline inside `line` (a broker's multi-line reason) is shown as `\n`.
    static func report(_ line: String) {
        var bytes: [UInt8] = []
        TerminalText.append(line, to: &bytes)
        bytes.append(0x0A)
        emit(bytes)
    }

    /// Writes text of several lines (ArgumentParser's message and usage), each line escaped.
    static func reportLines(_ text: String) {
        var bytes: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            TerminalText.append(String(line), to: &bytes)
            bytes.append(0x0A)
        }
        emit(bytes)
    }

    /// Writes a prompt that waits on the same line, escaped.
    static func write(_ text: String) {
        var bytes: [UInt8] = []
        TerminalText.append(text, to: &bytes)
        emit(bytes)
    }

    private static func emit(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let result = Glibc.write(2, raw.baseAddress! + written, raw.count - written)
                if result < 0 && errno == EINTR { continue }
                guard result > 0 else { return }
                written += result
            }
        }
    }
}

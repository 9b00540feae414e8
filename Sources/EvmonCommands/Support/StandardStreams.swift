import EvmonCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// One-line messages for people on standard error.
enum StandardError {
    static func report(_ line: String) {
        write(line + "\n")
    }

    /// Writes text as it is (a prompt waiting on the same line).
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            _ = Glibc.write(2, raw.baseAddress!, raw.count)
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// A self-pipe the curses thread polls beside standard input, so a new frame, a theme, a stop
/// request or a signal wakes it at once instead of on its next timeout.
final class WakePipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws(EvmonError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .usage("cannot start the terminal UI: no pipe (errno \(errno))") }
        readEnd = ends[0]
        writeEnd = ends[1]
        for end in ends {
            // Non-blocking both ways: a full pipe already means "wake up", and draining must stop.
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL, 0) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
    }

    /// Wakes the reader; safe from any thread.
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe (after a wake-up was seen).
    func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }
}

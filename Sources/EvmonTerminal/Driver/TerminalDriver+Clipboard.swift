import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TerminalDriver {
    /// Asks the terminal to put `bytes` on the system clipboard (OSC 52, as tmux, kitty, iTerm2,
    /// WezTerm and xterm with `allowWindowOps` understand it). Returns at once; the curses thread
    /// sends it between frames. The caller keeps it short (the model copies at most 64 KiB:
    /// terminals cap the sequence).
    public func copyToClipboard(_ bytes: [UInt8]) {
        let running = shared.withLock { shared -> Bool in
            guard shared.phase == .running else { return false }
            shared.pendingClipboard = bytes
            return true
        }
        if running { wake() }
    }

    /// Sends a pending copy; on the curses thread, after `doupdate` flushed curses' output, so the
    /// sequence never lands inside a half-written frame.
    func sendPendingClipboard() {
        guard let bytes = shared.withLock({ shared -> [UInt8]? in
            defer { shared.pendingClipboard = nil }
            return shared.pendingClipboard
        }) else { return }
        let sequence = Array("\u{1b}]52;c;\(Data(bytes).base64EncodedString())\u{07}".utf8)
        sequence.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR || errno == EAGAIN {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// Lines of a file or a pipe, read in large chunks, each with its number and where it starts:
/// `evmon produce` reads fixtures through it, a `file://` capture is indexed through it.
///
/// Memory stays bounded by the longest line: a line longer than `maximumLineBytes` is an error
/// naming it, not a buffer that grows until the machine runs out. A last line without a newline
/// is a line at the end of the input, or, while following a file that grows, held back until
/// its newline arrives (`holdsPartialLine`).
public struct LineReader {
    /// One line, without its newline (a `\r` before it is dropped too).
    public struct Line: Sendable {
        /// 1-based.
        public var number: Int
        /// The byte offset of its first byte in the input.
        public var start: Int64
        public var bytes: [UInt8]
    }

    private let descriptor: Int32
    private let maximumLineBytes: Int
    private let holdsPartialLine: Bool
    private let chunkBytes: Int
    /// Reads at the offset it stands at (`pread`) rather than where the descriptor stands: a
    /// file read again from a held partial line must re-read that line's start.
    private let positioned: Bool
    private var buffer: [UInt8] = []
    /// Where the unread part of `buffer` starts.
    private var head = 0
    /// The input offset of `buffer[0]`.
    private var bufferStart: Int64
    private var lineNumber: Int
    private var reachedEnd = false

    /// Reads `descriptor` (not closed here) from `offset`, numbering lines from `firstLine`.
    /// `chunkBytes`: how much one read asks for. `positioned`: read a regular file from
    /// `offset` whatever the descriptor's own position (a pipe cannot be read so).
    public init(
        descriptor: Int32, offset: Int64 = 0, firstLine: Int = 1, maximumLineBytes: Int = 64 << 20, holdsPartialLine: Bool = false,
        chunkBytes: Int = 1 << 20, positioned: Bool = false
    ) {
        self.descriptor = descriptor
        self.positioned = positioned
        self.chunkBytes = max(1, chunkBytes)
        self.maximumLineBytes = maximumLineBytes
        self.holdsPartialLine = holdsPartialLine
        bufferStart = offset
        lineNumber = firstLine - 1
    }

    /// Where reading would go on: the offset past the last line handed out.
    public var position: Int64 { bufferStart + Int64(head) }

    /// The number the next line will have.
    public var nextLineNumber: Int { lineNumber + 1 }

    /// The next line, or `nil` at the end of the input (for a followed file: for now).
    public mutating func next() throws(LineReaderError) -> Line? {
        var searchFrom = head
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: 0x0A) {
                var end = newline
                if end > head, buffer[end - 1] == 0x0D { end -= 1 }
                return take(upTo: end, resumingAt: newline + 1)
            }
            // Bytes of the line already searched; `fill` moves the line to the buffer's start.
            let searched = buffer.count - head
            if searched > maximumLineBytes {
                throw LineReaderError(line: lineNumber + 1, reason: "longer than \(maximumLineBytes >> 20) MiB without a newline")
            }
            let more = reachedEnd ? false : try fill()
            if !more {
                reachedEnd = !holdsPartialLine
                guard head < buffer.count, !holdsPartialLine else { return nil }
                return take(upTo: buffer.count, resumingAt: buffer.count)
            }
            searchFrom = head + searched
        }
    }

    /// The last line held back for want of its newline, taken when `accept` says it is whole
    /// (a file written by hand may end without one; a file being written is mid-line).
    public mutating func takeHeldLine(if accept: (Line) -> Bool) -> Line? {
        guard holdsPartialLine, head < buffer.count else { return nil }
        let candidate = Line(number: lineNumber + 1, start: bufferStart + Int64(head), bytes: Array(buffer[head...]))
        guard accept(candidate) else { return nil }
        lineNumber += 1
        head = buffer.count
        return candidate
    }

    private mutating func take(upTo end: Int, resumingAt next: Int) -> Line {
        lineNumber += 1
        let line = Line(number: lineNumber, start: bufferStart + Int64(head), bytes: Array(buffer[head..<end]))
        head = next
        return line
    }

    /// Reads one more chunk; false at the end of the input.
    private mutating func fill() throws(LineReaderError) -> Bool {
        if head > 0 {
            buffer.removeSubrange(0..<head)
            bufferStart += Int64(head)
            head = 0
        }
        let chunk = chunkBytes
        let old = buffer.count
        buffer.reserveCapacity(old + chunk)
        var count = 0
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        while true {
            let at = off_t(bufferStart) + off_t(old)
            count = buffer.withUnsafeMutableBytes { raw in
                positioned ? pread(descriptor, raw.baseAddress! + old, chunk, at) : read(descriptor, raw.baseAddress! + old, chunk)
            }
            if count >= 0 || errno != EINTR { break }
        }
        buffer.removeSubrange((old + max(count, 0))...)
        if count < 0 { throw LineReaderError(line: lineNumber + 1, reason: String(cString: strerror(errno))) }
        return count > 0
    }
}

/// Why the input could not be read on.
public struct LineReaderError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public var description: String { "line \(line): \(reason)" }
}

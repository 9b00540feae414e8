/// Elements gathered into arrays of at most `size`, so that callers that hand records out in
/// bounded batches need not copy them. Inlinable: it sits on the decoding path of every record,
/// in whichever module collects them.
public struct RecordChunks<Element> {
    @usableFromInline let size: Int
    @usableFromInline var full: [[Element]] = []
    @usableFromInline var current: [Element] = []

    /// Chunks of at most `size` (at least 1).
    @inlinable
    public init(size: Int) {
        self.size = max(1, size)
    }

    /// Adds `element` to the last chunk, or to a new one when that is full.
    @inlinable @inline(__always)
    public mutating func append(_ element: consuming Element) {
        if current.count == size {
            full.append(current)
            current = []
        }
        if current.isEmpty { current.reserveCapacity(min(size, 4096)) }
        current.append(element)
    }

    /// Every chunk, in order.
    @inlinable
    public var finished: [[Element]] { current.isEmpty ? full : full + [current] }
}

extension RecordChunks: Sendable where Element: Sendable {}

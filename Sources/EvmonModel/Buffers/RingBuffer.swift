import DequeModule

/// A bounded FIFO: appending past `capacity` evicts the oldest element and counts it as dropped.
///
/// Storage never grows beyond `capacity`, so memory stays flat however long evmon runs.
public struct RingBuffer<Element> {
    /// Most elements held at once.
    public private(set) var capacity: Int
    /// Elements evicted to make room, since creation.
    public private(set) var droppedCount: Int = 0
    /// Elements ever appended, since creation.
    public private(set) var appendedCount: Int = 0
    private var storage: Deque<Element> = []

    public init(capacity: Int) {
        precondition(capacity > 0, "a ring buffer needs room for at least one element")
        self.capacity = capacity
    }

    /// Appends, evicting (and returning) the oldest element when full.
    @discardableResult
    public mutating func append(_ element: Element) -> Element? {
        appendedCount += 1
        storage.append(element)
        guard storage.count > capacity else { return nil }
        droppedCount += 1
        return storage.removeFirst()
    }

    /// Evicts the oldest element, counting it as dropped.
    @discardableResult
    public mutating func dropOldest() -> Element? {
        guard !storage.isEmpty else { return nil }
        droppedCount += 1
        return storage.removeFirst()
    }

    /// Changes the capacity, evicting the oldest elements that no longer fit.
    /// Returns the evicted elements, oldest first.
    @discardableResult
    public mutating func resize(to newCapacity: Int) -> [Element] {
        precondition(newCapacity > 0, "a ring buffer needs room for at least one element")
        capacity = newCapacity
        var evicted: [Element] = []
        while storage.count > capacity {
            evicted.append(storage.removeFirst())
        }
        droppedCount += evicted.count
        return evicted
    }

    /// Empties the buffer without counting drops (a seek, not an overflow).
    public mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
    }

    /// The newest element.
    public var newest: Element? { storage.last }
    /// The oldest element still held.
    public var oldest: Element? { storage.first }
}

extension RingBuffer: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }
    /// Element `index` counted from the oldest held.
    public subscript(index: Int) -> Element { storage[index] }
}

extension RingBuffer: Sendable where Element: Sendable {}
extension RingBuffer: Equatable where Element: Equatable {
    public static func == (lhs: RingBuffer, rhs: RingBuffer) -> Bool {
        lhs.capacity == rhs.capacity && lhs.droppedCount == rhs.droppedCount
            && lhs.appendedCount == rhs.appendedCount && lhs.storage == rhs.storage
    }
}

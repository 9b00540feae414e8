#if canImport(Glibc)
import Glibc
#endif

/// A hash table from `KeyFingerprint` to a value: open addressing with linear probing, the
/// slot chosen by the fingerprint's own bits (it is already a good hash), and deletion by
/// shifting later entries back, so no tombstones pile up under the steady insert-and-forget of a
/// watch at its cap. Kept at most half full.
///
/// At a watch's cap the table holds hundreds of thousands of keys and nearly every lookup
/// misses the cache, so it is laid out for that: key and value share a slot (one miss, not
/// two), and a large table asks the kernel for huge pages (one TLB entry per 2 MiB, not per
/// 4 KiB). It is a class over its own memory so that a lookup from a watch pays no copy-on-write
/// or exclusivity check.
final class FingerprintMap<Value> {
    private struct Slot {
        var key: KeyFingerprint
        var value: Value?
    }

    private var slots: UnsafeMutableBufferPointer<Slot>
    private var mask: Int
    /// Entries held.
    private(set) var count = 0

    init() {
        slots = Self.allocate(16)
        mask = 15
    }

    deinit {
        Self.free(slots)
    }

    /// The value for `key`, if any.
    subscript(key: KeyFingerprint) -> Value? {
        let (slot, found) = find(key)
        return found ? slots[slot].value : nil
    }

    /// Puts `value` under `key`; returns the value it replaced.
    @discardableResult
    func updateValue(_ value: Value, forKey key: KeyFingerprint) -> Value? {
        var (slot, found) = find(key)
        if found {
            defer { slots[slot].value = value }
            return slots[slot].value
        }
        if (count + 1) * 2 > slots.count {
            grow()
            slot = find(key).slot
        }
        slots[slot] = Slot(key: key, value: value)
        count += 1
        return nil
    }

    /// Removes `key`; returns its value.
    @discardableResult
    func removeValue(forKey key: KeyFingerprint) -> Value? {
        let (slot, found) = find(key)
        guard found else { return nil }
        let removed = slots[slot].value
        var hole = slot
        var next = (slot + 1) & mask
        // Move back every entry after the hole that probing would otherwise no longer reach.
        while slots[next].key != .empty {
            let home = Int(truncatingIfNeeded: slots[next].key.low) & mask
            // The entry may fill the hole if its home is not in the cyclic range (hole, next].
            let reachable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next)
            if reachable {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole] = Slot(key: .empty, value: nil)
        count -= 1
        return removed
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func find(_ key: KeyFingerprint) -> (slot: Int, found: Bool) {
        var slot = Int(truncatingIfNeeded: key.low) & mask
        while true {
            let held = slots[slot].key
            if held == key { return (slot, true) }
            if held == .empty { return (slot, false) }
            slot = (slot + 1) & mask
        }
    }

    private func grow() {
        let old = slots
        slots = Self.allocate(old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.key != .empty {
            slots[find(slot.key).slot] = slot
        }
        Self.free(old)
    }

    private static var hugePage: Int { 2 << 20 }

    private static func allocate(_ count: Int) -> UnsafeMutableBufferPointer<Slot> {
        let bytes = count * MemoryLayout<Slot>.stride
        // Huge-page aligned when large enough to use them; cache-line aligned otherwise.
        let alignment = bytes >= hugePage ? hugePage : 64
        var memory: UnsafeMutableRawPointer?
        guard posix_memalign(&memory, alignment, bytes) == 0, let memory else { fatalError("out of memory for \(bytes) bytes") }
        if bytes >= hugePage {
            // Advice only: where the kernel has no huge pages to give, nothing changes.
            _ = madvise(memory, bytes, MADV_HUGEPAGE)
        }
        let slots = memory.bindMemory(to: Slot.self, capacity: count)
        slots.initialize(repeating: Slot(key: .empty, value: nil), count: count)
        return UnsafeMutableBufferPointer(start: slots, count: count)
    }

    private static func free(_ slots: UnsafeMutableBufferPointer<Slot>) {
        slots.baseAddress!.deinitialize(count: slots.count)
        Glibc.free(slots.baseAddress!)
    }
}

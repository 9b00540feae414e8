/// A key as 128 bits: two SipHash digests of its bytes under the process's random seed, told
/// apart by a leading tag byte. Watches that remember a key per message (`unique`, `ordered`)
/// keep these instead of strings: fixed-size and free of reference counting, they make the
/// per-key maps cheap at their caps of hundreds of thousands of keys.
///
/// Two different keys share a fingerprint with probability about n²/2¹²⁹ (10⁻²⁷ for a million
/// keys), and the seed is random per run, so a crafted key cannot aim at another.
struct KeyFingerprint: Equatable {
    var low: UInt64
    var high: UInt64

    /// The fingerprint of contiguous bytes.
    init(buffer: UnsafeRawBufferPointer) {
        var first = Hasher()
        var second = Hasher()
        first.combine(UInt8(1))
        second.combine(UInt8(2))
        first.combine(bytes: buffer)
        second.combine(bytes: buffer)
        self.init(low: UInt64(UInt(bitPattern: first.finalize())), high: UInt64(UInt(bitPattern: second.finalize())))
    }

    /// The fingerprint of a string's UTF-8.
    init(text: String) {
        var text = text
        self = text.withUTF8 { Self(buffer: UnsafeRawBufferPointer($0)) }
    }

    /// The fingerprint of a byte array.
    init(array: [UInt8]) {
        self = array.withUnsafeBytes { Self(buffer: $0) }
    }

    /// The fingerprint of a number (a partition), distinct from any text's.
    init(number: Int) {
        var first = Hasher()
        var second = Hasher()
        first.combine(UInt8(3))
        second.combine(UInt8(4))
        first.combine(number)
        second.combine(number)
        self.init(low: UInt64(UInt(bitPattern: first.finalize())), high: UInt64(UInt(bitPattern: second.finalize())))
    }

    /// A fingerprint from its two halves (tests choose halves that land in the same slot).
    init(low: UInt64, high: UInt64) {
        // All zeros marks an empty slot in `FingerprintMap`.
        self.low = low
        self.high = low == 0 && high == 0 ? 1 : high
    }

    static let empty = KeyFingerprint(rawLow: 0, rawHigh: 0)

    private init(rawLow: UInt64, rawHigh: UInt64) {
        low = rawLow
        high = rawHigh
    }
}

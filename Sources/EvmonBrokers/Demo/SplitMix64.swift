import EvmonModel

/// The demo's draws, from the core's deterministic generator.
extension SplitMix64 {
    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < probability
    }

    /// A whole number in `range`.
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// A random UUID (version 4 layout) as lowercase text.
    mutating func uuid() -> String {
        var bytes = withUnsafeBytes(of: (next(), next())) { Array($0) }
        bytes[6] = bytes[6] & 0x0F | 0x40
        bytes[8] = bytes[8] & 0x3F | 0x80
        var text: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append(UInt8(ascii: "-")) }
            text.append(hexByte: byte)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `count` random bytes as lowercase hex.
    mutating func hex(bytes count: Int) -> String {
        var text: [UInt8] = []
        for _ in 0..<count { text.append(hexByte: UInt8(truncatingIfNeeded: next())) }
        return String(decoding: text, as: UTF8.self)
    }
}

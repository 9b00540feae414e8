import EvmonModel

/// Decimals as text: the unscaled two's-complement integer, the point placed by the scale.
enum AvroDecimal {
    /// 1,000 decimal digits (the largest precision a schema may give) fit in 416 bytes.
    static let maximumBytes = 416

    /// Appends the decimal's text; one of up to eight bytes (most prices) without a string.
    static func append(twosComplement bytes: [UInt8], scale: Int, to output: inout [UInt8]) {
        guard !bytes.isEmpty, bytes.count <= 8, scale <= 18 else {
            output.append(contentsOf: text(twosComplement: bytes, scale: scale).utf8)
            return
        }
        var value = Int64(Int8(bitPattern: bytes[0]))
        for byte in bytes.dropFirst() { value = value << 8 | Int64(byte) }
        guard value != .min else {
            output.append(contentsOf: text(twosComplement: bytes, scale: scale).utf8)
            return
        }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var digits: [UInt8] = []
        var rest = value.magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        while digits.count <= scale { digits.append(UInt8(ascii: "0")) }
        for (position, digit) in digits.reversed().enumerated() {
            if scale > 0, position == digits.count - scale { output.append(UInt8(ascii: ".")) }
            output.append(digit)
        }
    }

    static func text(twosComplement bytes: [UInt8], scale: Int) -> String {
        guard !bytes.isEmpty else { return scale > 0 ? "0." + String(repeating: "0", count: scale) : "0" }
        let negative = bytes[0] & 0x80 != 0
        var magnitude = bytes
        if negative {
            // Two's complement: invert and add one.
            for index in magnitude.indices { magnitude[index] = ~magnitude[index] }
            var carry = true
            for index in magnitude.indices.reversed() where carry {
                let (sum, overflow) = magnitude[index].addingReportingOverflow(1)
                magnitude[index] = sum
                carry = overflow
            }
        }
        // Repeated division by ten of a big-endian number: quadratic, and bounded by the
        // 128-byte decimals the schema parser allows (or the value's own length).
        var digits: [UInt8] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder = 0
            for index in magnitude.indices {
                let current = remainder << 8 | Int(magnitude[index])
                magnitude[index] = UInt8(current / 10)
                remainder = current % 10
            }
            digits.append(UInt8(ascii: "0") + UInt8(remainder))
        }
        if digits.isEmpty { digits = [UInt8(ascii: "0")] }
        while digits.count <= scale { digits.append(UInt8(ascii: "0")) }
        var text = String(decoding: digits.reversed(), as: UTF8.self)
        if scale > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -scale)) }
        return negative && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" + text : text
    }
}

/// Dates and times as ISO 8601 text.
enum AvroTime {
    static func appendDate(year: Int, month: Int, day: Int, to output: inout [UInt8]) {
        if year < 0 { output.append(UInt8(ascii: "-")) }
        output.append(contentsOf: padded(abs(year), 4))
        output.append(UInt8(ascii: "-"))
        output.append(contentsOf: padded(month, 2))
        output.append(UInt8(ascii: "-"))
        output.append(contentsOf: padded(day, 2))
    }

    /// `"10:15:30.123"`: a time of day, which must lie within one day.
    static func appendTimeOfDay(_ units: Int64, perSecond: Int64, digits: Int, to output: inout [UInt8]) throws(AvroError) {
        guard units >= 0, units < 86_400 * perSecond else { throw AvroError("a time of day of \(units), outside one day") }
        output.append(UInt8(ascii: "\""))
        appendClock(units, perSecond: perSecond, digits: digits, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    /// `"2026-12-07T10:15:30.123Z"` (without `Z` for a local timestamp).
    static func appendTimestamp(_ units: Int64, perSecond: Int64, digits: Int, utc: Bool, to output: inout [UInt8]) {
        let (seconds, fraction) = floorDivision(units, perSecond)
        let (days, secondOfDay) = floorDivision(seconds, 86_400)
        let (year, month, day) = Timestamps.civilDate(daysSinceEpoch: Int(days))
        output.append(UInt8(ascii: "\""))
        appendDate(year: year, month: month, day: day, to: &output)
        output.append(UInt8(ascii: "T"))
        appendClock(secondOfDay * perSecond + fraction, perSecond: perSecond, digits: digits, to: &output)
        if utc { output.append(UInt8(ascii: "Z")) }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendClock(_ units: Int64, perSecond: Int64, digits: Int, to output: inout [UInt8]) {
        let seconds = units / perSecond
        output.append(contentsOf: padded(Int(seconds / 3600), 2))
        output.append(UInt8(ascii: ":"))
        output.append(contentsOf: padded(Int(seconds / 60 % 60), 2))
        output.append(UInt8(ascii: ":"))
        output.append(contentsOf: padded(Int(seconds % 60), 2))
        output.append(UInt8(ascii: "."))
        output.append(contentsOf: padded(Int(units % perSecond), digits))
    }

    /// Quotient and remainder rounded towards minus infinity, so times before 1970 read right;
    /// `Int64.min` is held off the one quotient that would overflow.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func padded(_ value: Int, _ width: Int) -> [UInt8] {
        let text = Array(String(value).utf8)
        return text.count >= width ? text : Array(repeating: UInt8(ascii: "0"), count: width - text.count) + text
    }
}

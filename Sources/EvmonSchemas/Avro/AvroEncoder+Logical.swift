import EvmonModel

/// Logical types read back from the text `AvroDecoder` writes for them.
extension AvroEncoder {
    mutating func logical(_ logical: AvroLogicalType, _ base: AvroType, _ span: Range<Int>) throws(EncodingFailure) {
        switch logical {
        case .decimal(let precision, let scale):
            var bytes = try decimal(span, precision: precision, scale: scale)
            if case .fixed(let name, let size) = base {
                // Sign-extended to the fixed size, or shortened while the leading byte only extends the sign.
                let fill: UInt8 = bytes[0] & 0x80 == 0 ? 0x00 : 0xFF
                while bytes.count > size, bytes.count > 1, bytes[0] == fill, bytes[1] & 0x80 == fill & 0x80 { bytes.removeFirst() }
                guard bytes.count <= size else { throw fail("\(show(span)) does not fit in fixed \(name) of \(size) bytes") }
                output.append(contentsOf: [UInt8](repeating: fill, count: size - bytes.count) + bytes)
            } else {
                writeLong(Int64(bytes.count))
                output.append(contentsOf: bytes)
            }
        case .uuid:
            try value(base, span)
        case .date:
            var cursor = try textCursor(span, "a date (YYYY-MM-DD)")
            guard let days = cursor.date(), cursor.isAtEnd else { throw fail("expected a date (YYYY-MM-DD), got \(show(span))") }
            guard let narrow = Int32(exactly: days) else { throw fail("\(show(span)) is out of range for a date") }
            writeLong(Int64(narrow))
        case .timeMillis: writeLong(try timeOfDay(span, perSecond: 1_000, digits: 3))
        case .timeMicros: writeLong(try timeOfDay(span, perSecond: 1_000_000, digits: 6))
        case .timestampMillis: writeLong(try timestamp(span, perSecond: 1_000, digits: 3, utc: true))
        case .timestampMicros: writeLong(try timestamp(span, perSecond: 1_000_000, digits: 6, utc: true))
        case .timestampNanos: writeLong(try timestamp(span, perSecond: 1_000_000_000, digits: 9, utc: true))
        case .localTimestampMillis: writeLong(try timestamp(span, perSecond: 1_000, digits: 3, utc: false))
        case .localTimestampMicros: writeLong(try timestamp(span, perSecond: 1_000_000, digits: 6, utc: false))
        case .localTimestampNanos: writeLong(try timestamp(span, perSecond: 1_000_000_000, digits: 9, utc: false))
        case .duration:
            let what = #"a duration {"months","days","milliseconds"}"#
            guard text.first(span) == UInt8(ascii: "{") else { throw expected(what, span) }
            var parts: [String: Range<Int>] = [:]
            do {
                for member in try text.members(span) { parts[member.name] = member.value }
            } catch {
                throw fail(error.reason)
            }
            guard parts.count == 3 else { throw expected(what, span) }
            for name in ["months", "days", "milliseconds"] {
                guard let part = parts[name] else { throw expected(what, span) }
                path.append(.member(name))
                let number = try integer(part, 0...Int64(UInt32.max), "a 32-bit unsigned count")
                path.removeLast()
                output.append(contentsOf: Self.littleEndian(UInt64(number), 4))
            }
        }
    }

    /// A decimal's two's-complement bytes, as long as fastavro makes them: the magnitude's
    /// bits and a sign bit, in whole bytes.
    private func decimal(_ span: Range<Int>, precision: Int, scale: Int) throws(EncodingFailure) -> [UInt8] {
        let written: [UInt8]
        switch text.first(span) {
        case UInt8(ascii: "\""): written = try string(span)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): written = Array(text.bytes[span])
        default: throw expected("a decimal string", span)
        }
        var digits: [UInt8] = []
        var fraction = 0
        var point = false
        let negative = written.first == UInt8(ascii: "-")
        for byte in written.dropFirst(negative ? 1 : 0) {
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits.append(byte - UInt8(ascii: "0"))
                if point { fraction += 1 }
            } else if byte == UInt8(ascii: "."), !point {
                point = true
            } else {
                throw fail("expected a decimal string, got \(show(span))")
            }
        }
        guard !digits.isEmpty else { throw fail("expected a decimal string, got \(show(span))") }
        guard fraction <= scale else { throw fail("expected a decimal string with at most \(scale) fraction digits, got \(show(span))") }
        digits += [UInt8](repeating: 0, count: scale - fraction)
        guard let significant = digits.firstIndex(where: { $0 != 0 }).map({ digits.count - $0 }), significant > 0 else { return [0] }
        guard significant <= precision else { throw fail("expected a decimal of at most \(precision) digits, got \(show(span))") }
        // The magnitude, big-endian: each digit multiplies by ten and adds (quadratic, bounded by
        // the schema's precision).
        var magnitude: [UInt8] = []
        for digit in digits.suffix(significant) {
            var carry = Int(digit)
            for index in magnitude.indices.reversed() {
                let current = Int(magnitude[index]) * 10 + carry
                magnitude[index] = UInt8(current & 0xFF)
                carry = current >> 8
            }
            if carry > 0 { magnitude.insert(UInt8(carry), at: 0) }
        }
        let bits = (magnitude.count - 1) * 8 + (8 - magnitude[0].leadingZeroBitCount)
        var bytes = [UInt8](repeating: 0, count: (bits + 8) / 8 - magnitude.count) + magnitude
        if negative {
            for index in bytes.indices { bytes[index] = ~bytes[index] }
            for index in bytes.indices.reversed() {
                let (sum, overflow) = bytes[index].addingReportingOverflow(1)
                bytes[index] = sum
                if !overflow { break }
            }
        }
        return bytes
    }

    private func textCursor(_ span: Range<Int>, _ what: String) throws(EncodingFailure) -> AvroTextCursor {
        guard text.first(span) == UInt8(ascii: "\"") else { throw expected(what, span) }
        return AvroTextCursor(try string(span))
    }

    private func timeOfDay(_ span: Range<Int>, perSecond: Int64, digits: Int) throws(EncodingFailure) -> Int64 {
        var cursor = try textCursor(span, "a time of day (hh:mm:ss)")
        guard let units = cursor.clock(perSecond: perSecond, digits: digits), cursor.isAtEnd else {
            throw fail("expected a time of day (hh:mm:ss with at most \(digits) fraction digits), got \(show(span))")
        }
        return units
    }

    private func timestamp(_ span: Range<Int>, perSecond: Int64, digits: Int, utc: Bool) throws(EncodingFailure) -> Int64 {
        let shape = "an ISO 8601 timestamp (YYYY-MM-DDThh:mm:ss with at most \(digits) fraction digits\(utc ? ", then Z" : ", no zone"))"
        var cursor = try textCursor(span, shape)
        guard let days = cursor.date(), cursor.expect(UInt8(ascii: "T")), let units = cursor.clock(perSecond: perSecond, digits: digits),
            !utc || cursor.expect(UInt8(ascii: "Z")), cursor.isAtEnd
        else { throw fail("expected \(shape), got \(show(span))") }
        let (dayUnits, overflow) = days.multipliedReportingOverflow(by: 86_400 * perSecond)
        let (total, carry) = dayUnits.addingReportingOverflow(units)
        guard !overflow, !carry else { throw fail("\(show(span)) is out of range for a timestamp") }
        return total
    }
}

/// Reads the dates and clocks `AvroTime` writes.
struct AvroTextCursor {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }

    mutating func expect(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// `count` digits exactly (at least `count`, at most 12, when `orMore`).
    private mutating func digits(_ count: Int, orMore: Bool = false) -> Int64? {
        var value: Int64 = 0
        var read = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), read < (orMore ? 12 : count) {
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            index += 1
            read += 1
        }
        return read >= count ? value : nil
    }

    /// `2026-12-07` (a year of four or more digits, maybe negative) as days since 1970-01-01.
    mutating func date() -> Int64? {
        let negative = expect(UInt8(ascii: "-"))
        guard let year = digits(4, orMore: true), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")), let day = digits(2),
            (1...12).contains(month), day >= 1
        else { return nil }
        let signed = negative ? -Int(year) : Int(year)
        guard day <= SchemaFormats.daysIn(Int(month), of: signed) else { return nil }
        return Int64(Timestamps.daysSinceEpoch(year: signed, month: Int(month), day: Int(day)))
    }

    /// `10:15:30.123` as units of `1/perSecond` since midnight; the fraction at most `digits` long.
    mutating func clock(perSecond: Int64, digits places: Int) -> Int64? {
        guard let hours = digits(2), hours < 24, expect(UInt8(ascii: ":")), let minutes = digits(2), minutes < 60, expect(UInt8(ascii: ":")),
            let seconds = digits(2), seconds < 60
        else { return nil }
        var fraction: Int64 = 0
        if expect(UInt8(ascii: ".")) {
            let start = index
            guard let value = digits(1, orMore: true), index - start <= places else { return nil }
            fraction = value
            for _ in 0..<(places - (index - start)) { fraction *= 10 }
        }
        return (hours * 3600 + minutes * 60 + seconds) * perSecond + fraction
    }
}

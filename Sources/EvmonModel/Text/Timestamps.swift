/// Epoch-millisecond timestamps as ISO-8601 UTC text, without Foundation's formatters.
public enum Timestamps {
    /// The times ISO-8601 can show with a four-digit year: 0000-01-01T00:00:00.000Z through
    /// 9999-12-31T23:59:59.999Z. Producers may stamp anything (`-100000000000000`, `Int64.max`).
    public static let showableRange: ClosedRange<Int64> = -62_167_219_200_000...253_402_300_799_999

    /// What stands for a time outside `showableRange`: its raw milliseconds behind this marker.
    public static let outOfRangeMarker = "out-of-range:"

    /// Appends `2026-11-26T01:02:03.456Z`, or `out-of-range:-100000000000000` for a time no
    /// four-digit year can show.
    public static func appendISO8601(_ milliseconds: Int64, to output: inout [UInt8]) {
        guard showableRange.contains(milliseconds) else {
            output.append(contentsOf: outOfRangeMarker.utf8)
            output.append(contentsOf: String(milliseconds).utf8)
            return
        }
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        let seconds = (milliseconds - Int64(millis)) / 1000
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        output.append(padded: year, width: 4)
        output.append(UInt8(ascii: "-"))
        output.append(padded: month, width: 2)
        output.append(UInt8(ascii: "-"))
        output.append(padded: day, width: 2)
        output.append(UInt8(ascii: "T"))
        appendTimeOfDay(secondOfDay: secondOfDay, millis: millis, to: &output)
        output.append(UInt8(ascii: "Z"))
    }

    /// `01:02:03.456`.
    static func appendTimeOfDay(secondOfDay: Int, millis: Int, to output: inout [UInt8]) {
        output.append(padded: secondOfDay / 3600, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(padded: secondOfDay / 60 % 60, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(padded: secondOfDay % 60, width: 2)
        output.append(UInt8(ascii: "."))
        output.append(padded: millis, width: 3)
    }

    /// `2026-11-26T01:02:03.456Z`.
    public static func iso8601(_ milliseconds: Int64) -> String {
        var output: [UInt8] = []
        appendISO8601(milliseconds, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
    public static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Timestamps {
    /// `14:03:07.250` in the zone `utcOffsetSeconds` east of UTC: the stream pane's time column.
    /// A time outside `showableRange` is `out of range`, as wide (the detail shows its raw value).
    public static func clockTime(_ milliseconds: Int64, utcOffsetSeconds: Int = 0) -> String {
        guard showableRange.contains(milliseconds) else { return "out of range" }
        let local = milliseconds + Int64(utcOffsetSeconds) * 1000
        let millis = Int(((local % 1000) + 1000) % 1000)
        let secondOfDay = Int((((local - Int64(millis)) / 1000) % 86_400 + 86_400) % 86_400)
        var output: [UInt8] = []
        appendTimeOfDay(secondOfDay: secondOfDay, millis: millis, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `42s`, `3m`, `5h`, `2d`: how long ago, for ages in lists.
    public static func age(from milliseconds: Int64, now: Int64) -> String {
        let seconds = max(0, now.clampedSubtracting(milliseconds) / 1000)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86_400)d"
    }
}

extension Timestamps {
    /// Parses `2026-11-26T10:15:00Z`, `2026-11-26T10:15:00.250+01:00` or `2026-11-26 10:15` (UTC
    /// when no zone is given) into epoch milliseconds.
    public static func parseISO8601(_ text: String) -> Int64? {
        let characters = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= characters.count else { return nil }
            var value = 0
            for byte in characters[index..<index + digits] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func expect(_ options: String) -> Bool {
            guard index < characters.count, options.utf8.contains(characters[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            (1...12).contains(month), (1...31).contains(day), expect("T "),
            let hour = number(2), expect(":"), let minute = number(2), hour < 24, minute < 60
        else { return nil }
        var second = 0
        var millis = 0
        if expect(":") {
            guard let value = number(2), value < 61 else { return nil }
            second = value
            if expect(".") {
                var scale = 100
                while index < characters.count, characters[index] >= 0x30, characters[index] <= 0x39 {
                    millis += Int(characters[index] - 0x30) * scale
                    scale /= 10
                    index += 1
                }
            }
        }
        var offsetSeconds = 0
        if index < characters.count {
            if expect("Zz") {
            } else if index < characters.count, characters[index] == UInt8(ascii: "+") || characters[index] == UInt8(ascii: "-") {
                let sign = characters[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = expect(":")
                let minutes = number(2) ?? 0
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            } else {
                return nil
            }
        }
        guard index == characters.count else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
        return seconds * 1000 + Int64(millis)
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

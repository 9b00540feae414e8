/// Epoch-millisecond timestamps as ISO-8601 UTC text, without Foundation's formatters.
public enum Timestamps {
    /// Appends `2026-11-26T01:02:03.456Z`.
    public static func appendISO8601(_ milliseconds: Int64, to output: inout [UInt8]) {
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
        output.append(padded: secondOfDay / 3600, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(padded: secondOfDay / 60 % 60, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(padded: secondOfDay % 60, width: 2)
        output.append(UInt8(ascii: "."))
        output.append(padded: millis, width: 3)
        output.append(UInt8(ascii: "Z"))
    }

    /// `2026-11-26T01:02:03.456Z`.
    public static func iso8601(_ milliseconds: Int64) -> String {
        var output: [UInt8] = []
        appendISO8601(milliseconds, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
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
    public static func clockTime(_ milliseconds: Int64, utcOffsetSeconds: Int = 0) -> String {
        let local = milliseconds + Int64(utcOffsetSeconds) * 1000
        let millis = Int(((local % 1000) + 1000) % 1000)
        let secondOfDay = Int((((local - Int64(millis)) / 1000) % 86_400 + 86_400) % 86_400)
        var output: [UInt8] = []
        output.append(padded: secondOfDay / 3600, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(padded: secondOfDay / 60 % 60, width: 2)
        output.append(UInt8(ascii: ":"))
        output.append(padded: secondOfDay % 60, width: 2)
        output.append(UInt8(ascii: "."))
        output.append(padded: millis, width: 3)
        return String(decoding: output, as: UTF8.self)
    }

    /// `42s`, `3m`, `5h`, `2d`: how long ago, for ages in lists.
    public static func age(from milliseconds: Int64, now: Int64) -> String {
        let seconds = max(0, (now - milliseconds) / 1000)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86_400)d"
    }
}

import EvmonJSON

/// JSON Schema's equality (for `enum`, `const` and `uniqueItems`): numbers by value (`1` and
/// `1.0`, `24.50` and `24.5` are equal; `true` is not `1`), objects whatever their members'
/// order. `JSONValue` keeps numbers as doubles, so equal values are equal doubles; a normalized
/// value (members sorted, a repeated name's last value kept) compares and hashes with the
/// value's own `==` and `hash`.
enum SchemaEquality {
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements): return .array(elements.map(normalized))
        case .object(let members):
            var latest: [String: JSONValue] = [:]
            for member in members { latest[member.name] = member.value }
            return .object(latest.keys.sorted().map { JSONMember(name: $0, value: normalized(latest[$0]!)) })
        case .number(let number) where number == 0: return .number(0)
        default: return value
        }
    }
}

/// Exact decimal arithmetic for `multipleOf`, where doubles would say that 0.3 is no multiple
/// of 0.1. Each number is taken as the shortest decimal that reads back as its double (what
/// was written, for any number of up to 15 significant digits).
enum SchemaDecimal {
    /// Whether `value` is an integer multiple of `divisor` (which is positive).
    static func isMultiple(_ value: Double, of divisor: Double) -> Bool {
        guard value.isFinite, divisor.isFinite, let (valueDigits, valueExponent) = decimal(value), let (divisorDigits, divisorExponent) = decimal(divisor),
            divisorDigits != 0
        else {
            return value.isFinite && divisor.isFinite && value.truncatingRemainder(dividingBy: divisor) == 0
        }
        if valueDigits == 0 { return true }
        if valueExponent >= divisorExponent {
            // value / divisor = valueDigits · 10^k / divisorDigits: is it whole? Worked modulo
            // divisorDigits so that no power of ten overflows.
            var remainder = valueDigits % divisorDigits
            for _ in 0..<(valueExponent - divisorExponent) where remainder != 0 {
                remainder = multiplyModulo(remainder, 10, divisorDigits)
            }
            return remainder == 0
        }
        // divisorDigits · 10^k must divide valueDigits (below 10^17: k past 17 leaves only 0).
        var scaled = divisorDigits
        for _ in 0..<(divisorExponent - valueExponent) {
            let (product, overflow) = scaled.multipliedReportingOverflow(by: 10)
            guard !overflow, product <= valueDigits else { return false }
            scaled = product
        }
        return valueDigits % scaled == 0
    }

    private static func multiplyModulo(_ a: UInt64, _ b: UInt64, _ modulus: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return modulus.dividingFullWidth((high % modulus, low)).remainder
    }

    /// |value| as digits × 10^exponent, from Swift's shortest round-tripping text (`1e-07`,
    /// `24.5`, `1.5e+300`).
    static func decimal(_ value: Double) -> (digits: UInt64, exponent: Int)? {
        let text = "\(value.magnitude)"
        var digits: UInt64 = 0
        var exponent = 0
        var afterPoint = false
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (scaled, overflow) = digits.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                digits = scaled + UInt64(byte - UInt8(ascii: "0"))
                if afterPoint { exponent -= 1 }
            case UInt8(ascii: "."): afterPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                var rest = ""
                while let next = iterator.next() { rest.append(Character(Unicode.Scalar(next))) }
                guard let given = Int(rest.hasPrefix("+") ? String(rest.dropFirst()) : rest) else { return nil }
                exponent += given
            default: return nil
            }
        }
        // Trailing zeros of the digits move into the exponent (`100.0` is 1 × 10^2).
        while digits != 0, digits % 10 == 0 {
            digits /= 10
            exponent += 1
        }
        return (digits, exponent)
    }
}

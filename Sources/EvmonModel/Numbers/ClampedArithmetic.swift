/// The one rule for numbers evmon did not compute itself.
///
/// Offsets, sequences, counts, lags and timestamps that came from a broker, a message or a file
/// can be anything their type holds: a producer may stamp `Int64.min`, a broker may answer
/// `last_seq = 2^64 − 1`. Such numbers never meet a trapping `+ - * abs Int(…)`. They are either
/// checked where the wire value becomes a domain value (and refused with a reason: a record batch
/// whose offsets overflow is corrupt), or combined with the clamped operations below, which hold
/// the result at the type's bounds: a lag of `Int64.max` is wrong but readable, a trap loses
/// everything on the screen. docs/DECISIONS.md "Untrusted numbers" lists where each is used.
extension Int64 {
    /// `self + other`, held at `Int64.min`/`Int64.max` instead of overflowing.
    @inlinable
    public func clampedAdding(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self − other`, held at `Int64.min`/`Int64.max` instead of overflowing.
    @inlinable
    public func clampedSubtracting(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }

    /// `self × other`, held at `Int64.min`/`Int64.max` instead of overflowing.
    @inlinable
    public func clampedMultiplying(by other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard overflow else { return product }
        return (self < 0) == (other < 0) ? .max : .min
    }

    /// `|self|`, with `Int64.min` (whose magnitude has no `Int64`) held at `Int64.max`.
    @inlinable
    public var clampedMagnitude: Int64 { self == .min ? .max : (self < 0 ? -self : self) }

    /// A whole number of a JSON or YAML double, or `nil` when it is not one or does not fit
    /// (`1e400`, `NaN`, `2.5`): `Int64(double)` traps on those.
    @inlinable
    public init?(wholeNumber value: Double) {
        guard value.isFinite, value.rounded() == value, let exact = Int64(exactly: value) else { return nil }
        self = exact
    }
}

extension UInt64 {
    /// `self + other`, held at `UInt64.max` (a NATS sequence of 2^64 − 1 has no next).
    @inlinable
    public func clampedAdding(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

extension Sequence where Element == Int64 {
    /// The sum, held at `Int64`'s bounds (lag totals, message counts over many partitions).
    @inlinable
    public func clampedSum() -> Int64 {
        reduce(0) { $0.clampedAdding($1) }
    }
}

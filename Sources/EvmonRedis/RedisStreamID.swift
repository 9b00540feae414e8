import EvmonModel

/// Redis stream entry ids (`1716123456789-0`) as `Offset.streamID`, and the id arithmetic tails need.
enum RedisStreamID {
    /// The smallest id; no entry has it (XADD refuses `0-0`).
    static let zero = Offset.streamID(milliseconds: 0, sequence: 0)

    /// Parses `ms-seq` (or `ms`, meaning `ms-0`) from bytes without building a String.
    static func parse<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Offset? {
        var milliseconds: UInt64 = 0
        var sequence: UInt64 = 0
        var inSequence = false
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: "-") {
                guard !inSequence, digits > 0 else { return nil }
                inSequence = true
                digits = 0
                continue
            }
            let digit = UInt64(byte &- 48)
            guard digit <= 9 else { return nil }
            if inSequence {
                let (shifted, overflow) = sequence.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.addingReportingOverflow(digit)
                guard !overflow, !overflow2 else { return nil }
                sequence = next
            } else {
                let (shifted, overflow) = milliseconds.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = shifted.addingReportingOverflow(digit)
                guard !overflow, !overflow2 else { return nil }
                milliseconds = next
            }
            digits += 1
        }
        guard digits > 0 else { return nil }
        return .streamID(milliseconds: milliseconds, sequence: sequence)
    }

    /// The id an `Offset` names: a stream id as is; a plain number `N` as `N-0`, as Redis reads
    /// a start id of milliseconds only.
    static func id(_ offset: Offset) -> Offset {
        switch offset {
        case .streamID: return offset
        case .sequence(let value): return .streamID(milliseconds: UInt64(max(0, value)), sequence: 0)
        }
    }

    /// The id just before `offset` (for turning an inclusive start into XREAD's exclusive one).
    static func predecessor(_ offset: Offset) -> Offset {
        guard case .streamID(let milliseconds, let sequence) = offset else { return offset }
        if sequence > 0 { return .streamID(milliseconds: milliseconds, sequence: sequence - 1) }
        if milliseconds > 0 { return .streamID(milliseconds: milliseconds - 1, sequence: .max) }
        return zero
    }

    /// The milliseconds part: the entry's timestamp.
    static func milliseconds(_ offset: Offset) -> Int64 {
        guard case .streamID(let milliseconds, _) = offset else { return 0 }
        return Int64(clamping: milliseconds)
    }
}

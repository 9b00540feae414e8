import CJQ

/// A jq value (`jv`) under construction or ready to be used as input.
///
/// Reference-counted by libjq, not by Swift: it must be built and `release`d on the jq thread,
/// which the `JQContext` parameters enforce. Values handed to `array`/`object` are consumed.
public struct JQValue {
    var raw: jv

    init(raw: jv) {
        self.raw = raw
    }

    /// `null`.
    public static func null(in context: borrowing JQContext) -> JQValue { JQValue(raw: jv_null()) }

    /// `true` or `false`.
    public static func bool(_ value: Bool, in context: borrowing JQContext) -> JQValue { JQValue(raw: jv_bool(value ? 1 : 0)) }

    /// A number (jq 1.6 numbers are doubles).
    public static func number(_ value: Double, in context: borrowing JQContext) -> JQValue { JQValue(raw: jv_number(value)) }

    /// A string.
    public static func string(_ value: String, in context: borrowing JQContext) -> JQValue {
        var value = value
        return value.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { JQValue(raw: jv_string_sized($0.baseAddress, Int32($0.count))) }
        }
    }

    /// An array of `elements` (consumed).
    public static func array(_ elements: [JQValue], in context: borrowing JQContext) -> JQValue {
        var array = jv_array_sized(Int32(elements.count))
        for element in elements { array = jv_array_append(array, element.raw) }
        return JQValue(raw: array)
    }

    /// An object of `members` (values consumed); a repeated key keeps the last value, as jq does.
    public static func object(_ members: [(key: String, value: JQValue)], in context: borrowing JQContext) -> JQValue {
        var object = jv_object()
        for member in members { object = jv_object_set(object, string(member.key, in: context).raw, member.value.raw) }
        return JQValue(raw: object)
    }

    /// Parses JSON text with jq's own parser; `nil` when it is not JSON.
    public static func parse(_ bytes: [UInt8], in context: borrowing JQContext) -> JQValue? {
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { jv_parse_sized($0.baseAddress, Int32($0.count)) }
        }
        guard jv_get_kind(parsed) != JV_KIND_INVALID else {
            jv_free(parsed)
            return nil
        }
        return JQValue(raw: parsed)
    }

    /// Gives the value back to libjq.
    public consuming func release(in context: borrowing JQContext) {
        jv_free(raw)
    }
}

import EvmonModel
import EvmonJSON
import EvmonDeadLetters

/// How a stream entry's fields become a record's value, and how a value (possibly edited)
/// becomes fields again for XADD (docs/DECISIONS.md, "Redis Streams adapter").
///
/// The view: when the entry has exactly one field whose value is a JSON object or array, that
/// value's exact bytes (the common `XADD s * payload {…}` shape shows as the JSON it is);
/// otherwise a compact JSON object of the fields in order, with UTF-8 values as strings, others
/// as `{"base64": …}`, and a repeated name as an array of its values. Fields named
/// `evmon-replay-of`/`evmon-replay-at` (added by replays) are left out of the view, so a replayed
/// entry shows the same value as its original.
enum RedisFieldView {
    static func isReplayMark(_ name: String) -> Bool {
        // Both marks are 15 bytes long: most names are rejected on their length alone.
        name.utf8.count == 15 && (name == DeadLetterHeaders.replayOf || name == DeadLetterHeaders.replayAt)
    }

    /// The value evmon shows for an entry with these fields (replay marks ignored).
    static func view(of fields: [Header]) -> [UInt8] {
        // The common entry has no replay marks: no filtered copy of its fields then.
        let own = fields.contains { isReplayMark($0.name) } ? fields.filter { !isReplayMark($0.name) } : fields
        if own.count == 1, let value = own[0].value, isJSONContainer(value) { return value }
        return objectView(own)
    }

    /// Whether `bytes` is a whole JSON object or array. Only bytes that start like one (after
    /// whitespace) are checked, so most plain values cost one comparison; the check builds
    /// nothing, since it runs on every entry tailed.
    static func isJSONContainer(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0a && $0 != 0x0d }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else { return false }
        return JSONParser.isValid(bytes)
    }

    /// `{"name":"value",…}`; repeated names gather their values in an array at the first one's place.
    static func objectView(_ fields: [Header]) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        var size = 2
        for field in fields { size += field.name.utf8.count + (field.value?.count ?? 0) + 6 }
        output.reserveCapacity(size)
        var repeated = false
        if fields.count > 1 {
            var seen = Set<String>()
            for field in fields where !seen.insert(field.name).inserted { repeated = true }
        }
        if !repeated {
            for (index, field) in fields.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONOutput.appendString(field.name, to: &output)
                output.append(UInt8(ascii: ":"))
                JSONOutput.appendBytes(field.value ?? [], to: &output)
            }
        } else {
            var order: [String] = []
            var values: [String: [[UInt8]]] = [:]
            for field in fields {
                if values[field.name] == nil { order.append(field.name) }
                values[field.name, default: []].append(field.value ?? [])
            }
            for (index, name) in order.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONOutput.appendString(name, to: &output)
                output.append(UInt8(ascii: ":"))
                let all = values[name]!
                if all.count == 1 {
                    JSONOutput.appendBytes(all[0], to: &output)
                } else {
                    output.append(UInt8(ascii: "["))
                    for (position, value) in all.enumerated() {
                        if position > 0 { output.append(UInt8(ascii: ",")) }
                        JSONOutput.appendBytes(value, to: &output)
                    }
                    output.append(UInt8(ascii: "]"))
                }
            }
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The fields XADD writes for `message`: its headers in order, with the replay marks after
    /// the entry's own fields. When the value differs from the view of those fields (the user
    /// edited it), the edit replaces the single JSON field, or rebuilds the fields from the
    /// edited JSON object.
    static func fields(for message: OutgoingMessage) throws(EvmonError) -> [(name: [UInt8], value: [UInt8])] {
        let original = message.headers.filter { !isReplayMark($0.name) }
        let marks = message.headers.filter { isReplayMark($0.name) }
        var fields: [(name: [UInt8], value: [UInt8])]
        if let value = message.value, value != view(of: original) {
            if original.count == 1, let single = original[0].value, isJSONContainer(single) {
                fields = [(Array(original[0].name.utf8), value)]
            } else {
                fields = try rebuild(from: value)
            }
        } else {
            fields = original.map { (Array($0.name.utf8), $0.value ?? []) }
        }
        guard !fields.isEmpty else {
            throw .usage("a Redis stream entry needs at least one field; the message to write has none")
        }
        fields += marks.map { (Array($0.name.utf8), $0.value ?? []) }
        return fields
    }

    /// Fields from an edited object view: strings as UTF-8, `{"base64": …}` as bytes, numbers
    /// and booleans as their text, arrays as a repeated field.
    static func rebuild(from value: [UInt8]) throws(EvmonError) -> [(name: [UInt8], value: [UInt8])] {
        let why = "an edited Redis entry must be a JSON object of field names to values (strings, {\"base64\": …}, numbers, booleans, or arrays of those)"
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(value)
        } catch {
            throw .usage("\(why); the edited value is not valid JSON (\(error))")
        }
        guard case .object(let members) = parsed else { throw .usage("\(why); the edited value is a JSON \(parsed.kindName)") }
        guard !members.isEmpty else { throw .usage("\(why); the edited object has no fields, and an entry needs one") }
        var fields: [(name: [UInt8], value: [UInt8])] = []
        for member in members {
            let name = Array(member.name.utf8)
            if case .array(let elements) = member.value {
                guard !elements.isEmpty else { throw .usage("\(why); field '\(member.name)' is an empty array") }
                for element in elements { fields.append((name, try bytes(element, field: member.name, why: why))) }
            } else {
                fields.append((name, try bytes(member.value, field: member.name, why: why)))
            }
        }
        return fields
    }

    private static func bytes(_ value: JSONValue, field: String, why: String) throws(EvmonError) -> [UInt8] {
        switch value {
        case .string(let text):
            return Array(text.utf8)
        case .number(let number):
            let text = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            return Array(text.utf8)
        case .bool(let flag):
            return Array((flag ? "true" : "false").utf8)
        case .object(let members):
            if members.count == 1, members[0].name == "base64", case .string(let text) = members[0].value, let decoded = Base64.decode(text) {
                return decoded
            }
            throw .usage("\(why); field '\(field)' is an object other than {\"base64\": …}")
        case .null, .array:
            throw .usage("\(why); field '\(field)' is \(value.kindName == "null" ? "null" : "a nested array")")
        }
    }
}

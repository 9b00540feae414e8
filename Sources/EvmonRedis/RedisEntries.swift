import RedisWire
import EvmonModel

/// Stream entries in replies (`[[id, [field, value, …]], …]`, the same in RESP2 and RESP3) as
/// records: topic = stream key, partition 0, offset = entry id, timestamp = the id's
/// milliseconds, no key, headers = the fields in order (exact bytes, repeats kept), value = the
/// fields' view (`RedisFieldView`).
enum RedisEntries {
    /// Records of an XRANGE/XREVRANGE reply, in reply order.
    static func records(topic: String, reply: RESPValue) throws(RedisConnectionError) -> [Record] {
        if reply.isNull { return [] }
        guard case .array(let entries) = reply else {
            throw .protocolViolation("stream entries of '\(topic)' are not an array")
        }
        var records: [Record] = []
        records.reserveCapacity(entries.count)
        for entry in entries {
            // An entry deleted while pending comes back as `[id, null]` from some commands: no record.
            if let record = try record(topic: topic, entry: entry) { records.append(record) }
        }
        return records
    }

    /// One `[id, [field, value, …]]` entry; `nil` for one whose fields are gone (null).
    static func record(topic: String, entry: RESPValue) throws(RedisConnectionError) -> Record? {
        guard case .array(let parts) = entry, parts.count == 2, case .bulkString(let idBytes) = parts[0],
            let id = RedisStreamID.parse(idBytes)
        else {
            throw .protocolViolation("a stream entry of '\(topic)' is not [id, fields]")
        }
        if parts[1].isNull { return nil }
        guard case .array(let flat) = parts[1], flat.count % 2 == 0 else {
            throw .protocolViolation("entry \(id) of '\(topic)' has no field/value list")
        }
        var headers: [Header] = []
        headers.reserveCapacity(flat.count / 2)
        var index = 0
        while index < flat.count {
            guard case .bulkString(let name) = flat[index], case .bulkString(let value) = flat[index + 1] else {
                throw .protocolViolation("entry \(id) of '\(topic)' has a field that is not a string")
            }
            headers.append(Header(name: String(decoding: name, as: UTF8.self), value: value))
            index += 2
        }
        return record(topic: topic, id: id, fields: headers)
    }

    /// The record of entry `id` with these fields, by the mapping above (both reply readers use it).
    static func record(topic: String, id: Offset, fields: [Header]) -> Record {
        Record(
            topic: topic, partition: 0, offset: id, timestamp: RedisStreamID.milliseconds(id), key: nil,
            headers: fields, value: RedisFieldView.view(of: fields))
    }

    /// The id of an `[id, fields]` entry (XINFO STREAM's `first-entry`), `nil` for null.
    static func entryID(_ entry: RESPValue?) -> Offset? {
        guard let parts = entry?.elements, let first = parts.first?.bytes else { return nil }
        return RedisStreamID.parse(first)
    }

    /// A count Redis reports (`length`, `entries-added`, `lag`, `pending`): `nil` when absent
    /// or negative, which no count can be (a lag of −2^63 is a broken answer, not a lag).
    static func count(_ value: RESPValue?) -> Int64? {
        guard let number = value?.integer, number >= 0 else { return nil }
        return number
    }

    /// An id given as a string reply (`last-generated-id`); `nil` for null or `0-0`.
    static func nonZeroID(_ value: RESPValue?) -> Offset? {
        guard let bytes = value?.bytes, let id = RedisStreamID.parse(bytes), id != RedisStreamID.zero else { return nil }
        return id
    }
}

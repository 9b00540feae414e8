import EvmonJSON
import EvmonModel

/// Lines of tail's JSON read back: `evmon produce` fixtures and `file://` captures. Whatever
/// decodes must print and decode again to the same message (the round trip `tail | produce`
/// promises); anything else is one error with a reason.
enum CaptureFuzzTargets {
    static let all = [FuzzTarget("record-lines", run: recordLines)]

    static func recordLines(_ bytes: [UInt8]) {
        guard let line = try? RecordLine.decode(bytes) else { return }
        let record = Record(
            topic: line.topic ?? "t", partition: line.partition ?? 0, offset: line.offset ?? .sequence(0), timestamp: line.timestamp ?? 0,
            key: line.key, headers: line.headers, value: line.value)
        var printed: [UInt8] = []
        RecordJSON.appendLine(record, to: &printed)
        printed.removeLast()
        guard let again = try? RecordLine.decode(printed) else {
            preconditionFailure("tail's own line does not decode: \(String(decoding: printed, as: UTF8.self))")
        }
        precondition(again.key == line.key && again.value == line.value && again.headers == line.headers, "the round trip changed the message")
        precondition(again.partition == record.partition && again.offset == record.offset && again.topic == record.topic, "the round trip moved the message")
    }
}

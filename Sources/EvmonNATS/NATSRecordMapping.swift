import Foundation
import NATSWire
import NIOCore
import EvmonModel

/// NATS messages as evmon records: topic = stream, partition 0, offset = stream sequence,
/// key = the subject's bytes, headers = the user headers in order, value = the payload.
enum NATSRecordMapping {
    /// A pushed delivery with its parsed header block; the stream sequence and time come from
    /// its ack subject.
    static func record(stream: String, message: NATSMessage, headers: NATSHeaders?, position: JetStreamAck.Position) -> Record {
        Record(
            topic: stream, partition: 0, offset: .sequence(Int64(clamping: position.streamSequence)),
            timestamp: Int64(clamping: position.timestampNanos / 1_000_000),
            key: Array(message.subject.readableBytesView),
            headers: headers?.fields.map { Header(name: $0.name, value: $0.value) } ?? [],
            value: Array(message.payload.readableBytesView))
    }

    /// A message read with `STREAM.MSG.GET` (base64 header block and data; data absent when empty).
    static func record(stream: String, stored: JetStreamAPI.StoredMessage.Message, url: String) throws -> Record {
        var headers: [Header] = []
        if let encoded = stored.hdrs {
            guard let block = Data(base64Encoded: encoded) else { throw EvmonError.broker(url: url, reason: "\(stream)/0@\(stored.seq): headers are not base64") }
            let parsed = try NATSHeaders(parsing: ByteBuffer(bytes: block))
            headers = parsed.fields.map { Header(name: $0.name, value: $0.value) }
        }
        var value: [UInt8] = []
        if let data = stored.data {
            guard let decoded = Data(base64Encoded: data) else { throw EvmonError.broker(url: url, reason: "\(stream)/0@\(stored.seq): data is not base64") }
            value = Array(decoded)
        }
        return Record(
            topic: stream, partition: 0, offset: .sequence(Int64(clamping: stored.seq)),
            timestamp: Timestamps.parseISO8601(stored.time) ?? 0, key: Array(stored.subject.utf8), headers: headers, value: value)
    }
}

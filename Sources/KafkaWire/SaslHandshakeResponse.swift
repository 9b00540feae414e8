/// Whether the broker takes the mechanism, and which it takes.
public struct SaslHandshakeResponse: KafkaResponse, Equatable {
    public var errorCode: Int16
    public var mechanisms: [String]

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        errorCode = try reader.int16()
        mechanisms = try reader.array { (entry: inout KafkaReader) throws(KafkaWireError) in try entry.string() }
    }
}

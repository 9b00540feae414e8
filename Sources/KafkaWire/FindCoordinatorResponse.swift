/// The broker coordinating a group.
public struct FindCoordinatorResponse: KafkaResponse, Equatable {
    public var errorCode: Int16
    public var nodeID: Int32
    public var host: String
    public var port: Int32

    public init(errorCode: Int16 = 0, nodeID: Int32, host: String, port: Int32) {
        self.errorCode = errorCode
        self.nodeID = nodeID
        self.host = host
        self.port = port
    }

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        if version >= 1 { _ = try reader.int32() }
        errorCode = try reader.int16()
        if version >= 1 { _ = try reader.nullableString() }
        nodeID = try reader.int32()
        host = try reader.string()
        port = try reader.int32()
        try reader.taggedFields()
    }
}

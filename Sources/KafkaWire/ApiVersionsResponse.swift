/// The broker's API version ranges. A broker that does not speak the request's version answers
/// `UNSUPPORTED_VERSION` in the v0 body, so `errorCode` 35 means "retry with v0".
public struct ApiVersionsResponse: KafkaResponse {
    public var errorCode: Int16
    public var table: ApiVersionTable

    public init(errorCode: Int16, table: ApiVersionTable) {
        self.errorCode = errorCode
        self.table = table
    }

    public init(from reader: inout KafkaReader, version: Int16) throws(KafkaWireError) {
        errorCode = try reader.int16()
        if errorCode == KafkaErrorCode.unsupportedVersion.rawValue && reader.flexible {
            // The answer to a version it does not know is written as v0.
            reader = KafkaReader(reader.buffer, flexible: false)
        }
        var ranges: [Int16: ClosedRange<Int16>] = [:]
        let entries = try reader.array { (entry: inout KafkaReader) throws(KafkaWireError) -> (Int16, Int16, Int16) in
            let key = try entry.int16()
            let minimum = try entry.int16()
            let maximum = try entry.int16()
            try entry.taggedFields()
            return (key, minimum, maximum)
        }
        for (key, minimum, maximum) in entries where minimum <= maximum && minimum >= 0 {
            ranges[key] = minimum...maximum
        }
        table = ApiVersionTable(ranges: ranges)
        // Throttle time and tagged fields (supported features) follow; evmon needs neither.
    }
}

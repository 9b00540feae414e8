import KafkaWire
import NIOCore

/// Kafka: the frame decoder, every response decoder at every version evmon speaks, and record
/// batches with decompression.
enum KafkaFuzzTargets {
    static let all = [
        FuzzTarget("kafka-frames", run: frames),
        FuzzTarget("kafka-responses", run: responses),
        FuzzTarget("kafka-batches", run: batches),
    ]

    static func frames(_ bytes: [UInt8]) {
        var buffer = ByteBuffer(bytes: bytes)
        let decoder = KafkaFrameDecoder(maximumFrameSize: 1 << 20)
        while let frame = try? decoder.nextFrame(&buffer) {
            precondition(frame.readableBytes >= 4, "a frame holds at least its correlation id")
        }
    }

    /// First byte: which response; second: which of its versions; the rest: the body.
    static func responses(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let apis = KafkaApi.allCases
        let api = apis[Int(input.byte()) % apis.count]
        let versions = api.supportedVersions
        let version = versions.lowerBound + Int16(Int(input.byte()) % versions.count)
        let body = ByteBuffer(bytes: input.rest())
        var reader = KafkaReader(body, flexible: api.isFlexible(version))
        switch api {
        case .produce: _ = try? ProduceResponse(from: &reader, version: version)
        case .fetch:
            guard let response = try? FetchResponse(from: &reader, version: version) else { return }
            for partition in response.partitions {
                _ = try? RecordBatchDecoder(decompressionLimit: 1 << 20).decode(
                    partition.records, fetchOffset: 0, abortedTransactions: partition.abortedTransactions, chunkSize: 64)
            }
        case .listOffsets: _ = try? ListOffsetsResponse(from: &reader, version: version)
        case .metadata: _ = try? MetadataResponse(from: &reader, version: version)
        case .offsetFetch: _ = try? OffsetFetchResponse(from: &reader, version: version)
        case .findCoordinator: _ = try? FindCoordinatorResponse(from: &reader, version: version)
        case .describeGroups:
            // The members' subscription and assignment blobs are read inside; read any blob too.
            _ = try? DescribeGroupsResponse(from: &reader, version: version)
            _ = try? ConsumerProtocol.subscribedTopics(body)
            _ = try? ConsumerProtocol.assignedTopics(body)
        case .listGroups: _ = try? ListGroupsResponse(from: &reader, version: version)
        case .saslHandshake: _ = try? SaslHandshakeResponse(from: &reader, version: version)
        case .apiVersions: _ = try? ApiVersionsResponse(from: &reader, version: version)
        case .saslAuthenticate: _ = try? SaslAuthenticateResponse(from: &reader, version: version)
        }
    }

    /// First 8 bytes: the fetch offset; the rest: a record set whose batch CRCs are recomputed
    /// first, so that the fuzzer reaches the headers, decompression and records behind them.
    static func batches(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let fetchOffset = input.int64()
        var recordSet = input.rest()
        RecordBatchCRC.repair(&recordSet)
        let decoder = RecordBatchDecoder(decompressionLimit: 1 << 20, decompressionBudget: 2 << 20)
        guard let decoded = try? decoder.decode(
            ByteBuffer(bytes: recordSet), fetchOffset: fetchOffset, chunkSize: 7)
        else { return }
        var previous = Int64.min
        for record in decoded.records {
            let offset = record.offset
            precondition(offset >= fetchOffset && offset > previous, "records come in offset order from the fetch offset")
            precondition(decoded.nextOffset.map { offset < $0 } ?? false, "the next offset lies past every record")
            previous = offset
        }
    }
}

/// Recomputes each complete batch's CRC-32C in place (fuzzing only: real batches are checked).
enum RecordBatchCRC {
    static func repair(_ bytes: inout [UInt8]) {
        var position = 0
        while bytes.count - position >= 61 {
            let length = bytes[position + 8..<position + 12].reduce(0) { $0 << 8 | Int($1) }
            guard length >= 49, length <= bytes.count - position - 12 else { return }
            let crc = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[position + 21..<position + 12 + length])) }
            for index in 0..<4 { bytes[position + 17 + index] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * UInt32(index))) }
            position += 12 + length
        }
    }
}

import KafkaWire
import NIOCore
import Testing

struct ProtocolCodecTests {
    static func body<Request: KafkaRequest>(_ request: Request, version: Int16) -> [UInt8] {
        var buffer = ByteBuffer()
        request.encode(into: &buffer, version: version)
        return Array(buffer.readableBytesView)
    }

    static func compact(_ text: String) -> [UInt8] { [UInt8(text.utf8.count + 1)] + Array(text.utf8) }

    @Test func fetchV12IsEncodedByteForByte() {
        let request = FetchRequest(
            partitions: [.init(topic: "smoke", partition: 0, offset: 0, maximumBytes: 1 << 20)],
            maximumWaitMilliseconds: 100, maximumBytes: 1 << 20)
        var expected: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 100, 0, 0, 0, 1, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]
        expected += [2] + Self.compact("smoke") + [2]
        expected += [0, 0, 0, 0] + [0xff, 0xff, 0xff, 0xff] + [UInt8](repeating: 0, count: 8) + [0xff, 0xff, 0xff, 0xff]
        expected += [UInt8](repeating: 0xff, count: 8) + [0, 0x10, 0, 0] + [0, 0, 1, 1, 0]
        #expect(Self.body(request, version: 12) == expected)
    }

    @Test func metadataV12AskingForOneTopic() {
        let expected: [UInt8] = [2] + [UInt8](repeating: 0, count: 16) + Self.compact("smoke") + [0, 0, 0, 0]
        #expect(Self.body(MetadataRequest(topics: ["smoke"]), version: 12) == expected)
        // v1: classic array of strings, null for every topic.
        #expect(Self.body(MetadataRequest(topics: nil), version: 1) == [0xff, 0xff, 0xff, 0xff])
    }

    @Test func requestHeaderV2KeepsTheClassicClientIDAndAddsTags() {
        let frame = KafkaFraming.encode(ListGroupsRequest(), version: 4, correlationID: 9, clientID: "evmon")
        let expected: [UInt8] = [0, 0, 0, 18, 0, 16, 0, 4, 0, 0, 0, 9, 0, 5] + Array("evmon".utf8) + [0] + [1, 0]
        #expect(Array(frame.readableBytesView) == expected)
    }

    @Test func apiVersionsAnswerIsReadWithHeaderV0AndNegotiated() throws {
        var frame = ByteBuffer()
        frame.writeInteger(Int32(1))  // correlation id; no tagged fields in header v0
        frame.writeInteger(Int16(0))
        frame.writeUnsignedVarint(3)
        for (key, low, high) in [(Int16(1), Int16(0), Int16(17)), (Int16(3), Int16(0), Int16(8))] {
            frame.writeInteger(key)
            frame.writeInteger(low)
            frame.writeInteger(high)
            frame.writeUnsignedVarint(0)
        }
        frame.writeInteger(Int32(0))
        frame.writeUnsignedVarint(0)
        let response = try KafkaFraming.decode(ApiVersionsResponse.self, api: .apiVersions, version: 3, frame: frame, correlationID: 1)
        #expect(response.table.version(for: .fetch) == 12)
        #expect(response.table.version(for: .metadata) == 8)
        #expect(response.table.version(for: .listOffsets) == nil)
        #expect(ApiVersionTable(ranges: [2: 0...0]).version(for: .listOffsets) == nil)
    }

    @Test func arraysThatClaimMoreThanTheBytesLeftAreErrors() {
        // ListGroups v0: error code, then an array claiming a million groups in 2 bytes.
        var frame = ByteBuffer()
        frame.writeInteger(Int32(1))
        frame.writeInteger(Int16(0))
        frame.writeInteger(Int32(1_000_000))
        frame.writeBytes([0, 1])
        #expect(throws: KafkaWireError.self) {
            try KafkaFraming.decode(ListGroupsResponse.self, api: .listGroups, version: 0, frame: frame, correlationID: 1)
        }
        // Nested arrays each claiming more than is there, and a compact string longer than the frame.
        var nested = ByteBuffer()
        nested.writeInteger(Int32(1))
        nested.writeInteger(Int32(0))
        for _ in 0..<64 { nested.writeUnsignedVarint(200) }
        #expect(throws: KafkaWireError.self) {
            try KafkaFraming.decode(ListOffsetsResponse.self, api: .listOffsets, version: 7, frame: nested, correlationID: 1)
        }
        var overlong = ByteBuffer()
        overlong.writeInteger(Int32(1))
        overlong.writeBytes([0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])
        #expect(throws: KafkaWireError.self) {
            try KafkaFraming.decode(FindCoordinatorResponse.self, api: .findCoordinator, version: 3, frame: overlong, correlationID: 1)
        }
    }
}

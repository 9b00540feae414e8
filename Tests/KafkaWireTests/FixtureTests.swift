import Foundation
import KafkaWire
import NIOCore
import Testing

/// Responses captured from Tansu (Tests/KafkaWireTests/Fixtures, correlation id 7).
enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A response frame without its size prefix.
    static func frame(_ name: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: folder.appendingPathComponent(name)))
    }
}

struct FixtureTests {
    @Test func decodesACapturedMetadataV12Response() throws {
        let response = try KafkaFraming.decode(
            MetadataResponse.self, api: .metadata, version: 12, frame: try Fixture.frame("metadata-v12-smoke.bin"), correlationID: 7)
        #expect(response.brokers.count == 1)
        #expect(response.brokers.first?.host == "127.0.0.1")
        let topic = try #require(response.topics.first)
        #expect(topic.name == "smoke")
        #expect(topic.partitions.map(\.index).sorted() == [0, 1, 2])
        #expect(Set(topic.partitions.map(\.leaderID)) == [response.brokers[0].nodeID])
    }

    @Test func decodesACapturedFetchV12ResponseWithAGzipBatchAndHeaders() throws {
        let response = try KafkaFraming.decode(
            FetchResponse.self, api: .fetch, version: 12, frame: try Fixture.frame("fetch-v12-smoke-p0.bin"), correlationID: 7)
        let partition = try #require(response.partitions.first)
        #expect(partition.errorCode == 0)
        let decoded = try RecordBatchDecoder().decode(partition.records, fetchOffset: 0)
        #expect(decoded.records.map(\.offset) == [0, 1, 2, 3, 4, 5])
        #expect(decoded.records.map { String(decoding: $0.value ?? [], as: UTF8.self) } == ["v0", "v3", "v6", "v9", "w0", "w3"])
        #expect(decoded.records[0].key == Array("k0".utf8))
        #expect(decoded.records[0].headers == [.init(name: "h", value: Array("1".utf8)), .init(name: "h", value: [0xff])])
        #expect(decoded.records[4].key == nil)
        #expect(decoded.nextOffset == 6)
        // From the middle of the compressed batch: the earlier records are not repeated.
        let later = try RecordBatchDecoder().decode(partition.records, fetchOffset: 2)
        #expect(later.records.map(\.offset) == [2, 3, 4, 5])
    }

    @Test func everyTruncationOfACapturedResponseThrowsInsteadOfTrapping() throws {
        let frame = try Fixture.frame("fetch-v12-smoke-p0.bin")
        for length in 0..<frame.readableBytes {
            let prefix = frame.getSlice(at: frame.readerIndex, length: length)!
            do {
                let response = try KafkaFraming.decode(FetchResponse.self, api: .fetch, version: 12, frame: prefix, correlationID: 7)
                // A cut inside the record set reads as a partial batch: fewer records, never garbage.
                for partition in response.partitions {
                    let decoded = try RecordBatchDecoder().decode(partition.records, fetchOffset: 0)
                    #expect(decoded.records.count <= 6)
                }
            } catch {
                // A cut frame can only be short, never wrong: anything but a truncation or a
                // length that runs past the end would mean the decoder misread good bytes.
                switch error {
                case .truncated, .invalidLength: break
                default: Issue.record("cut at \(length) of \(frame.readableBytes): \(error)")
                }
            }
        }
    }

    @Test func flippedBytesNeverTrap() throws {
        let frame = try Fixture.frame("fetch-v12-smoke-p0.bin")
        var generator = SystemRandomNumberGenerator()
        var rejected = 0
        for _ in 0..<2000 {
            var bytes = Array(frame.readableBytesView)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            // Reaching the end of the loop at all is the point (no trap); most corruptions must
            // also be caught as errors by the framing or the batch CRC rather than pass as data.
            guard let response = try? KafkaFraming.decode(FetchResponse.self, api: .fetch, version: 12, frame: ByteBuffer(bytes: bytes), correlationID: 7) else {
                rejected += 1
                continue
            }
            for partition in response.partitions {
                if (try? RecordBatchDecoder(decompressionLimit: 1 << 20).decode(partition.records, fetchOffset: 0)) == nil {
                    rejected += 1
                }
            }
        }
        #expect(rejected > 1_000, "only \(rejected) of 2,000 corrupted frames were rejected")
    }
}

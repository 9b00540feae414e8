import EvmonJSON
import EvmonModel
import EvmonSchemas
import EvmonTestSupport
import Foundation
import Testing

/// Avro data written by fastavro (the writer confluent-kafka's AvroSerializer uses) decodes to
/// the JSON its writer was given: every type, named and recursive types, logical types.
struct AvroDecoderTests {
    @Test func everyCaseOfFastavrosCorpusDecodesToWhatItsWriterWasGiven() async throws {
        for item in try await AvroCorpusCase.all() {
            // Compared as Foundation objects: member order aside, numbers exact.
            let decoded = try AvroDecoder.json(item.data, schema: item.schema)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(decoded), options: .fragmentsAllowed) as? NSObject)
            #expect(parsed.isEqual(item.expected), "\(item.name): \(String(decoding: decoded, as: UTF8.self))")
        }
    }

    static let order: AvroSchema = try! AvroSchema.parse(Array(#"""
        {"type":"record","name":"O","fields":[{"name":"id","type":"string"},{"name":"n","type":["null","long"]},
         {"name":"c","type":{"type":"enum","name":"E","symbols":["A"]}}]}
        """#.utf8))

    @Test func dataThatDoesNotFitItsSchemaIsAnErrorSayingWhere() {
        let cases: [([UInt8], String)] = [
            ([0x06, 0x61, 0x62], "a length of 3, past the end of the data"),
            ([0x02, 0x61, 0x04, 0x00, 0x00], "a union has no branch 2"),
            ([0x02, 0x61, 0x00, 0x02], "enum E has no symbol 1"),
            ([0x02, 0x61, 0x00, 0x00, 0x00], "1 bytes left after the value"),
            ([0x01], "a length of -1"),
            ([0x02, 0x61, 0x02] + [UInt8](repeating: 0xFF, count: 10) + [0x01], "a number longer than 64 bits"),
        ]
        let labels = try! AvroSchema.parse(Array(#"{"type":"map","values":"int"}"#.utf8))
        #expect(throws: AvroError("a map key that is not UTF-8 at byte 3")) { try AvroDecoder.json([0x02, 0x02, 0xFF, 0x02, 0x00], schema: labels) }
        for (bytes, reason) in cases {
            do {
                _ = try AvroDecoder.json(bytes, schema: Self.order)
                Issue.record("\(bytes) decoded")
            } catch {
                #expect(error.reason.contains(reason), "\(bytes): \(error.reason)")
            }
        }
    }

    @Test func hostileCountsAndDepthsAreRefusedNotFollowed() throws {
        let list = try AvroSchema.parse(Array(#"{"type":"array","items":"null"}"#.utf8))
        // Two billion nulls take no bytes: refused by count, not looped over.
        #expect(throws: AvroError.self) { try AvroDecoder.json([0x80, 0x80, 0x80, 0x80, 0x10, 0x00], schema: list) }
        // Blocks of 600,000 nulls each, two bytes apiece: together past the budget, refused.
        let block: [UInt8] = [0x80, 0x9F, 0x49]
        #expect(throws: AvroError.self) { try AvroDecoder.json(block + block + block + [0x00], schema: list) }
        #expect(try AvroDecoder.json([0x04, 0x00], schema: list) == Array("[null,null]".utf8))
        // A decimal longer than any precision allows is refused before its text is worked out.
        let decimal = try AvroSchema.parse(Array(#"{"type":"bytes","logicalType":"decimal","precision":9}"#.utf8))
        #expect(throws: AvroError.self) { try AvroDecoder.json([0xC2, 0x06] + [UInt8](repeating: 1, count: 417), schema: decimal) }
        let node = try AvroSchema.parse(Array(#"{"type":"record","name":"N","fields":[{"name":"next","type":["null","N"]}]}"#.utf8))
        #expect(throws: AvroError.self) { try AvroDecoder.json([UInt8](repeating: 0x02, count: 10_000) + [0x00], schema: node) }
        #expect(try AvroDecoder.json([0x02, 0x02, 0x00], schema: node) == Array(#"{"next":{"next":{"next":null}}}"#.utf8))
    }

    @Test func schemasThatCannotBeReadSayWhy() {
        let cases: [(String, String)] = [
            ("nope", "not JSON"),
            (#""Missing""#, "unknown type 'Missing'"),
            (#"{"type":"record","name":"R"}"#, "no fields list"),
            (#"{"type":"record","name":"R","fields":[{"name":"a","type":"int"},{"name":"a","type":"int"}]}"#, "field 'a' twice"),
            (#"[]"#, "a union with no branch"),
            (#"["int",["null"]]"#, "a union directly inside a union"),
            (#"{"type":"fixed","name":"F","size":-1}"#, "needs a size"),
            (String(repeating: #"{"type":"array","items":"#, count: 100) + #""int""# + String(repeating: "}", count: 100), "nests deeper"),
        ]
        for (text, reason) in cases {
            do {
                _ = try AvroSchema.parse(Array(text.utf8))
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.reason.contains(reason), "\(text): \(error.reason)")
            }
        }
    }

    @Test func decimalsAreExactAtAnySize() throws {
        let schema = try AvroSchema.parse(Array(#"{"type":"bytes","logicalType":"decimal","precision":40,"scale":4}"#.utf8))
        // 2^100 − 1 in 13 bytes of two's complement, past what any machine integer holds.
        let big: [UInt8] = [0x1A, 0x0F] + [UInt8](repeating: 0xFF, count: 12)
        #expect(try AvroDecoder.json(big, schema: schema) == Array(#""126765060022822940149670320.5375""#.utf8))
        let minusOne: [UInt8] = [0x02, 0xFF]
        #expect(try AvroDecoder.json(minusOne, schema: schema) == Array(#""-0.0001""#.utf8))
    }
}

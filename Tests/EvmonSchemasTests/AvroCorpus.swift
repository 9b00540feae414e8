import EvmonSchemas
import EvmonTestSupport
import Foundation
import Testing

/// fastavro's cases (`scripts/avro_corpus.py`), read once per test: each its schema, the data
/// fastavro wrote, and the JSON its writer was given, as Foundation objects.
struct AvroCorpusCase {
    var name: String
    var schema: AvroSchema
    var data: [UInt8]
    var expected: NSObject

    static let scripts = ReferenceScripts(besides: #filePath)

    static func all() async throws -> [AvroCorpusCase] {
        let output = try await scripts.run("avro_corpus.py", [])
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 6)
        return try lines.map { line in
            let item = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let schemaText = try JSONSerialization.data(withJSONObject: try #require(item["schema"]))
            let encoded = try #require(item["data"] as? String)
            let data = try #require(Data(base64Encoded: encoded))
            return AvroCorpusCase(
                name: item["name"] as? String ?? "?", schema: try AvroSchema.parse(Array(schemaText)), data: Array(data),
                expected: try #require(item["expected"] as? NSObject))
        }
    }
}

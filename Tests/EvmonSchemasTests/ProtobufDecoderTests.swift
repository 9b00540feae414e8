import EvmonJSON
import EvmonModel
import EvmonSchemas
import EvmonTestSupport
import Foundation
import Testing

/// Protobuf data serialized by Google's protobuf runtime decodes to what its own
/// `MessageToDict` prints, from the `.proto` texts alone: every scalar, nested and recursive
/// messages, enums, oneofs, maps, packed and unpacked repeated fields, proto2 groups and
/// closed enums, imports, the well-known types.
struct ProtobufDecoderTests {
    static let scripts = ReferenceScripts(besides: #filePath)
    static let protoFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("scripts/proto")

    /// The test `.proto` files by name, as a registry's references would give them.
    static func protoFiles() throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: protoFolder.path) where name.hasSuffix(".proto") {
            files[name] = Array(try Data(contentsOf: protoFolder.appendingPathComponent(name)))
        }
        return files
    }

    static func schema(_ file: String) throws -> ProtoSchema {
        let files = try protoFiles()
        return try ProtoSchema.parse(try #require(files[file]), imports: files.filter { $0.key != file }, name: file)
    }

    static func json(_ text: String) throws -> NSObject {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as? NSObject)
    }

    @Test func everyCaseOfProtobufsCorpusDecodesToWhatMessageToDictPrints() async throws {
        let output = try await Self.scripts.run("protobuf_corpus.py", [])
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 29)
        var schemas: [String: ProtoSchema] = [:]
        for line in lines {
            let item = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let name = item["name"] as? String ?? "?"
            let file = try #require(item["proto"] as? String)
            let schema = try schemas[file] ?? Self.schema(file)
            schemas[file] = schema
            let messageName = try #require(item["message"] as? String)
            let message = try #require(schema.message(named: messageName))
            let encoded64 = try #require(item["data"] as? String)
            let data = Array(try #require(Data(base64Encoded: encoded64)))
            let expected = try #require(item["expected"] as? NSObject)
            let decoded = try ProtobufDecoder.json(data, message: message, in: schema)
            let text = String(decoding: decoded, as: UTF8.self)
            let parsed = try Self.json(text)
            #expect(parsed.isEqual(expected), "\(name): \(text)")
            // What decodes encodes back to bytes that decode to the same JSON.
            let encoded = try ProtobufEncoder.encode(json: decoded, message: message, in: schema)
            let again = try ProtobufDecoder.json(encoded, message: message, in: schema)
            #expect(String(decoding: again, as: UTF8.self) == text, "\(name) after a round trip")
        }
    }

    @Test func messageIndexesCountNestedMessagesMapEntriesAndGroupsInDeclarationOrder() throws {
        let shop = try Self.schema("shop.proto")
        let expected: [([Int], String)] = [
            ([0], "shop.Scalars"), ([1], "shop.Order"), ([1, 0], "shop.Order.Line"), ([1, 1], "shop.Order.CountsEntry"),
            ([1, 2], "shop.Order.LinesByIdEntry"), ([3, 0, 0], "shop.Tree.Inner.Deeper"),
        ]
        for (indexes, name) in expected { #expect(try shop.message(at: indexes).fullName == name) }
        #expect(throws: ProtobufError("message index [4] points to no message (the file has 4 top-level messages)")) { try shop.message(at: [4]) }
        #expect(throws: ProtobufError("message index [0, 0] points to no message (shop.Scalars has 0 nested messages)")) { try shop.message(at: [0, 0]) }
        let legacy = try Self.schema("legacy.proto")
        #expect(try legacy.message(at: [0, 0]).fullName == "legacy.Record.Result")
        #expect(try legacy.message(at: [0, 2]).fullName == "legacy.Record.NamesEntry")
        #expect(shop.message(named: ".shop.common.Money")?.fields.map(\.jsonName) == ["currencyCode", "units", "nanos"])
        #expect(shop.message(named: "google.protobuf.Timestamp") != nil)
    }

    @Test func typeNamesResolveByProtobufsScopingRules() throws {
        let other = Array("syntax = \"proto3\"; package a.c; message Thing { int32 n = 1; }".utf8)
        let text = """
            syntax = "proto3";
            package a.b;
            import "other.proto";
            message Inner { string shadowed = 1; }
            message Outer {
              message Inner { int32 x = 1; }
              Inner relative = 1;
              Outer.Inner dotted = 2;
              .a.b.Outer.Inner full = 3;
              b.Outer.Inner from_package = 4;
              c.Thing imported = 5;
              .a.b.Inner top = 6;
            }
            """
        let schema = try ProtoSchema.parse(Array(text.utf8), imports: ["other.proto": other])
        let outer = try #require(schema.message(named: "a.b.Outer"))
        let names = outer.fields.map { field -> String in
            guard case .message(let id) = field.type else { return "?" }
            return schema.messages[id].fullName
        }
        #expect(names == ["a.b.Outer.Inner", "a.b.Outer.Inner", "a.b.Outer.Inner", "a.b.Outer.Inner", "a.c.Thing", "a.b.Inner"])
    }

    @Test func schemasThatCannotBeReadSayWhereAndWhy() {
        let cases: [(String, String)] = [
            ("syntax = \"proto3\";\nmessage A {\n  int32 x = 1\n}", "schema.proto:4:1: expected ';' after field x, found '}'"),
            ("syntax = \"proto3\";\nmessage A {\n  Missing m = 1;\n}", "schema.proto:3:3: unknown type Missing in A"),
            ("syntax = \"proto3\";\nmessage A {\n  int32 a = 1;\n  int32 b = 1;\n}", "schema.proto:4:3: A uses field number 1 twice"),
            ("syntax = \"proto2\";\nmessage A { int32 a = 1; }", "schema.proto:2:13: a proto2 field needs a label"),
            ("syntax = \"proto3\";\nmessage A { required int32 a = 1; }", "schema.proto:2:13: required fields are not allowed in proto3"),
            ("syntax = \"proto3\";\n/* open", "schema.proto:2:1: a /* comment that never ends"),
            ("syntax = \"proto3\";\nimport \"x.proto\";", "schema.proto imports \"x.proto\", which is neither among the schema's references nor built in"),
            ("syntax = \"proto3\";\nmessage A { int32 a = 0; }", "schema.proto:2:23: a field number must be from 1 to 536870911"),
            ("syntax = \"proto3\";\nenum E { A = 0; B = 0; }", "schema.proto:2:6: enum E uses 0 twice"),
            ("syntax = \"proto3\";\nenum E { A = 1; }", "the first value of proto3 enum E must be 0"),
            ("edition = \"2023\";", "editions are not supported"),
            ("syntax = \"proto3\";\nmessage A { string s = 1 [json_name = 3]; }", "schema.proto:2:39: json_name must be a string"),
            ("syntax = \"proto3\";\nmessage A { map<float, string> m = 1; }", "a map key must be an integer, bool or string type"),
            ("syntax = \"proto3\";\nmessage A { string s = 1; }\nmessage A {}", "schema.proto: A is defined twice"),
            ("syntax = \"proto3\";\nmessage A { string s = \"x\n\"; }", "schema.proto:2:26: a newline inside a string"),
            ("syntax = \"proto3\";\nmessage A { int32 x = 1; \u{1}}", "schema.proto:2:26: an unexpected byte 0x1"),
            (String(repeating: "message A {", count: 100) + String(repeating: "}", count: 100), "messages nest deeper than 64 levels"),
            ("syntax = \"proto3\";\noption (x) = {a: {b: [1, 2}};", "schema.proto:2:27: '}' does not close '['"),
        ]
        for (text, reason) in cases {
            do {
                _ = try ProtoSchema.parse(Array(text.utf8))
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.reason.contains(reason), "\(text): \(error.reason)")
            }
        }
        // An imported file's error names that file.
        #expect(throws: ProtobufError("bad.proto:1:9: expected the message's name, found '{'")) {
            try ProtoSchema.parse(Array("import \"bad.proto\";".utf8), imports: ["bad.proto": Array("message {".utf8)])
        }
    }

    @Test func hostileTextIsBoundedNotFollowed() throws {
        // Declarations beyond the bound are refused, not collected.
        let many = "syntax = \"proto3\"; message A {" + (1...100_001).map { "int32 f\($0) = \($0);" }.joined() + "}"
        #expect(throws: ProtobufError.self) { try ProtoSchema.parse(Array(many.utf8)) }
        // Past 32,767 fields, a small field number still finds its field.
        let wide = "syntax = \"proto3\"; message A {" + (1...40_000).map { "int32 f\($0) = \($0 + 20_000);" }.joined() + "int32 small = 1; }"
        let wideSchema = try ProtoSchema.parse(Array(wide.utf8))
        let decoded = try ProtobufDecoder.json([0x08, 0x07], message: try wideSchema.message(at: [0]), in: wideSchema)
        #expect(String(decoding: decoded.suffix(10), as: UTF8.self) == #""small":7}"#)
        // Imports that import each other are loaded once.
        let loop = ["a.proto": Array("import \"b.proto\"; message A {}".utf8), "b.proto": Array("import \"a.proto\"; message B {}".utf8)]
        let schema = try ProtoSchema.parse(Array("import \"a.proto\"; message Root {}".utf8), imports: loop)
        #expect(schema.messages.map(\.fullName).sorted() == ["A", "B", "Root"])
    }

    @Test func dataThatDoesNotFitSaysWhatAndWhere() throws {
        let schema = try Self.schema("shop.proto")
        let scalars = try #require(schema.message(named: "shop.Scalars"))
        let cases: [([UInt8], String)] = [
            ([0x18], "the data ends inside a varint at byte 1"),
            ([0x72, 0x05, 0x61], "a length of 5, past the end of the data at byte 1"),
            ([0x18] + [UInt8](repeating: 0xFF, count: 10) + [0x01], "a varint longer than 64 bits at byte 1"),
            ([0x00], "a tag with field number 0 at byte 0"),
            ([0x0C], "an end-group tag (field 1) with no group open at byte 0"),
            ([0x0B, 0x18, 0x01], "group 1 never ends at byte 0"),
            ([0x0B, 0x14], "an end-group tag for field 2 inside group 1 at byte 1"),
            ([0x0E], "wire type 6, which does not exist (field 1) at byte 0"),
            ([0x09, 0x00, 0x00], "an 8-byte value past the end of the data at byte 1"),
            ([0x72, 0x01, 0xFF], "a string field that is not UTF-8 at byte 2"),
        ]
        for (bytes, reason) in cases {
            #expect(throws: ProtobufError(reason)) { try ProtobufDecoder.json(bytes, message: scalars, in: schema) }
        }
        let wellKnown = try #require(schema.message(named: "shop.WellKnown"))
        // A Timestamp past year 9999.
        // A Duration whose nanos are Int32.min: refused, not a trap on its magnitude.
        let nanos = [0x10] + Self.varint(UInt64(bitPattern: Int64(Int32.min)))
        #expect(throws: ProtobufError("a Duration of 0s -2147483648ns, out of range or with mixed signs at byte 2")) {
            try ProtobufDecoder.json([0x2A, UInt8(nanos.count)] + nanos, message: wellKnown, in: schema)
        }
        let seconds = [0x08] + Self.varint(253_402_300_800)
        #expect(throws: ProtobufError("a Timestamp of 253402300800s 0ns, outside years 1 to 9999 at byte 2")) {
            try ProtobufDecoder.json([0x0A, UInt8(seconds.count)] + seconds, message: wellKnown, in: schema)
        }
    }

    @Test func hostileNestingAndSizesAreRefusedNotFollowed() throws {
        let schema = try Self.schema("shop.proto")
        let tree = try #require(schema.message(named: "shop.Tree"))
        // 150 children deep, each a length around the rest.
        var nested: [UInt8] = []
        for _ in 0..<150 { nested = [0x12] + Self.varint(UInt64(nested.count)) + nested }
        #expect(throws: ProtobufError("messages nest deeper than 100 levels at byte 286")) { try ProtobufDecoder.json(nested, message: tree, in: schema) }
        // Unknown groups inside groups, 200 deep.
        let groups: [UInt8] = (0..<200).flatMap { _ in [0x9B, 0x06] }
        #expect(throws: ProtobufError.self) { try ProtobufDecoder.json(groups, message: tree, in: schema) }
        // Two bytes per empty message of 100 fields, each printed at its default: a budget ends it.
        let wide = try ProtoSchema.parse(Array(("syntax = \"proto3\"; message List { repeated Wide w = 1; } message Wide {"
            + (1...100).map { "int32 f\($0) = \($0);" }.joined() + "}").utf8))
        let list = try wide.message(at: [0])
        #expect(throws: ProtobufError.self) { try ProtobufDecoder.json([UInt8](repeating: 0, count: 40_000).enumerated().map { $0.offset % 2 == 0 ? 0x0A : 0x00 }, message: list, in: wide) }
        #expect(try ProtobufDecoder.json([0x0A, 0x00], message: list, in: wide).count > 500)
    }

    static func varint(_ value: UInt64) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
        return bytes
    }
}

import EvmonJSON
import EvmonModel
import EvmonSchemas
import EvmonTestSupport
import Foundation
import Testing

/// evmon's JSON Schema validator agrees with Python's `jsonschema` (the reference validator) on
/// a corpus covering every keyword it reads, in both drafts; says where and why a value fails;
/// and refuses schemas that are not valid, naming the keyword.
struct JSONSchemaTests {
    static let scripts = ReferenceScripts(besides: #filePath)

    @Test func everyCaseOfTheReferenceCorpusIsJudgedAsJsonschemaJudgesIt() async throws {
        let output = try await Self.scripts.run("jsonschema_corpus.py", [])
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count > 500)
        var valid = 0
        var invalid = 0
        var refused = 0
        for line in lines {
            let item = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let name = "\(item["name"] as? String ?? "?") (\(item["draft"] as? String ?? "?"))"
            let schemaText = try #require(item["schema"] as? String)
            if item["schemaValid"] as? Bool == false {
                #expect(throws: JSONSchemaError.self, "\(name): \(schemaText) parsed") { try JSONSchema.parse(Array(schemaText.utf8)) }
                refused += 1
                continue
            }
            let schema: JSONSchema
            do {
                schema = try JSONSchema.parse(Array(schemaText.utf8))
            } catch {
                Issue.record("\(name): \(error)")
                continue
            }
            #expect(schema.draft.rawValue == item["draft"] as? String || !schemaText.hasPrefix("{"), "\(name)")
            let instanceText = try #require(item["instance"] as? String)
            let expected = try #require(item["valid"] as? Bool)
            let violations = schema.validate(try JSONParser.parse(Array(instanceText.utf8)))
            #expect(violations.isEmpty == expected, "\(name): \(instanceText) \(violations.map(\.description))")
            if expected { valid += 1 } else { invalid += 1 }
        }
        #expect(valid > 200 && invalid > 200 && refused > 20)
    }

    static func violations(_ schema: String, _ instance: String, limit: Int = 10) throws -> [String] {
        try JSONSchema.parse(Array(schema.utf8)).validate(try JSONParser.parse(Array(instance.utf8)), limit: limit).map(\.description)
    }

    @Test func violationsSayWhereAndWhy() throws {
        let order = #"""
            {"type":"object","required":["order_id"],"properties":{"status":{"enum":["A","B"]},
             "payload":{"properties":{"items":{"items":{"properties":{"price":{"type":"number"}}}}}}}}
            """#
        #expect(
            try Self.violations(order, #"{"status":"FOO","payload":{"items":[{},{},{"price":"x"}]}}"#) == [
                #".: missing required property "order_id""#,
                #".status: "FOO" is not one of ["A","B"]"#,
                #".payload.items[2].price: expected a number, got "x""#,
            ])
        #expect(try Self.violations(#"{"properties":{"odd key":{"type":"string"}}}"#, #"{"odd key":1}"#) == [#".["odd key"]: expected a string, got 1"#])
        #expect(try Self.violations(#"{"type":["string","null"]}"#, "5") == [".: expected a string or null, got 5"])
        #expect(try Self.violations(#"{"additionalProperties":false}"#, #"{"x":1}"#) == [#".: unexpected property "x""#])
        #expect(try Self.violations(#"{"minimum":5}"#, "3") == [".: 3 is below the minimum of 5"])
        #expect(try Self.violations(#"{"exclusiveMaximum":5}"#, "5") == [".: 5 is not below the maximum of 5"])
        #expect(try Self.violations(#"{"multipleOf":0.01}"#, "1.234") == [".: 1.234 is not a multiple of 0.01"])
        #expect(try Self.violations(#"{"maxLength":2}"#, #""abc""#) == [#".: "abc" is 3 characters, more than 2"#])
        #expect(try Self.violations(#"{"pattern":"^a"}"#, #""b""#) == [#".: "b" does not match ^a"#])
        #expect(try Self.violations(#"{"format":"date"}"#, #""2026-13-01""#) == [#".: "2026-13-01" is not a date (YYYY-MM-DD)"#])
        #expect(try Self.violations(#"{"const":"A"}"#, #""B""#) == [#".: expected "A", got "B""#])
        #expect(try Self.violations(#"{"uniqueItems":true}"#, "[1,2,1.0]") == [".: items 0 and 2 are equal (1)"])
        #expect(
            try Self.violations(#"{"anyOf":[{"type":"string"},{"type":"null"}]}"#, "5")
                == [".: matches none of the 2 schemas of anyOf (the first: expected a string, got 5)"])
        #expect(try Self.violations(#"{"oneOf":[{},{}]}"#, "5") == [".: matches 2 schemas of oneOf (0, 1), not exactly one"])
        #expect(try Self.violations(#"{"items":false}"#, "[1]") == ["[0]: no value is allowed here (the schema is false)"])
        let keyword = try JSONSchema.parse(Array(##"{"$defs":{"p":{"minimum":0}},"properties":{"a":{"$ref":"#/$defs/p"}}}"##.utf8))
            .validate(try JSONParser.parse(Array(#"{"a":-1}"#.utf8)))
        #expect(keyword.map(\.keyword) == ["/$defs/p/minimum"])
    }

    @Test func theLimitCapsViolations() throws {
        let schema = #"{"items":{"type":"string"}}"#
        #expect(try Self.violations(schema, "[1,2,3,4,5]", limit: 2).count == 2)
        #expect(try Self.violations(schema, "[1,2,3,4,5]").count == 5)
    }

    @Test func schemasThatAreNotValidSayWhichKeyword() {
        let cases: [(String, String, String)] = [
            ("nope", "", "not JSON"),
            ("5", "", "a schema must be an object or a boolean, not a number"),
            (#"{"type":"float"}"#, "/type", #""float" is not a JSON Schema type"#),
            (#"{"properties":{"a":{"minimum":"3"}}}"#, "/properties/a/minimum", "must be a number, not a string"),
            (#"{"properties":{"a/b":{"maxLength":-1}}}"#, "/properties/a~1b/maxLength", "must be a non-negative integer"),
            (#"{"pattern":"[a-"}"#, "/pattern", "unterminated character class"),
            (#"{"pattern":"(a)\\1"}"#, "/pattern", "backreferences are not supported"),
            (#"{"pattern":"a(?=b)"}"#, "/pattern", "lookaround is not supported"),
            (#"{"patternProperties":{"(":{}}}"#, "/patternProperties/(", "missing ')'"),
            (##"{"$ref":"#/$defs/missing"}"##, "/$ref", "points nowhere"),
            (##"{"items":{"$ref":"#/definitions/a~2"}}"##, "/items/$ref", "points nowhere"),
            (##"{"$ref":"#/minimum","minimum":3}"##, "/$ref", "points at a number, not a schema"),
            (##"{"$ref":"other.json#/a"}"##, "/$ref", "outside this schema"),
            (##"{"$ref":"#nowhere"}"##, "/$ref", "names no anchor"),
            (#"{"$schema":"http://json-schema.org/draft-04/schema#"}"#, "/$schema", "not a draft evmon reads"),
            (#"{"items":[{}]}"#, "/items", "must be an object or a boolean"),
            (#"{"allOf":[]}"#, "/allOf", "at least one schema"),
            (#"{"pattern":"(a{1000}){1000}"}"#, "/pattern", "too large"),
        ]
        for (text, pointer, reason) in cases {
            do {
                _ = try JSONSchema.parse(Array(text.utf8))
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.pointer == pointer && error.reason.contains(reason), "\(text): \(error)")
            }
        }
    }

    @Test func recursionAndWorkAreBounded() throws {
        // A reference to itself, applied forever: stopped at the depth limit, not the stack's.
        let loop = try Self.violations(##"{"$ref":"#"}"##, "1")
        #expect(loop.count == 1 && loop[0].contains("deeper than"))
        // Nested anyOfs that double the work at each level: stopped by the step budget.
        var defs: [String] = []
        for level in 0..<40 {
            let next = "\"#/$defs/d\(level + 1)\""
            defs.append("\"d\(level)\":{\"anyOf\":[{\"$ref\":\(next)},{\"$ref\":\(next)}]}")
        }
        defs.append(#""d40":false"#)
        let explosive = try Self.violations("{\"$defs\":{\(defs.joined(separator: ","))},\"$ref\":\"#/$defs/d0\"}", "1")
        #expect(explosive.last?.contains("steps") == true)
        // A pattern that backtracking engines take minutes over is linear here.
        let start = ContinuousClock.now
        #expect(try Self.violations(#"{"pattern":"^(a+)+$"}"#, "\"" + String(repeating: "a", count: 5_000) + "b\"").count == 1)
        #expect(ContinuousClock.now - start < .seconds(5))
        // A tree 120 deep (two subschemas a level) validates against a recursive schema.
        let tree = ##"{"properties":{"next":{"$ref":"#"}},"required":["v"]}"##
        let deep = String(repeating: #"{"v":1,"next":"#, count: 120) + #"{"v":1}"# + String(repeating: "}", count: 120)
        #expect(try Self.violations(tree, deep).isEmpty)
    }

    @Test func draftsAreToldBySchema() throws {
        #expect(try JSONSchema.parse(Array("{}".utf8)).draft == .draft2020_12)
        #expect(try JSONSchema.parse(Array(#"{"$schema":"http://json-schema.org/draft-07/schema#"}"#.utf8)).draft == .draft7)
        #expect(try JSONSchema.parse(Array(#"{"$schema":"https://json-schema.org/draft/2020-12/schema"}"#.utf8)).draft == .draft2020_12)
    }

    @Test func formatsAreStricterThanThePythonReferenceWhereItOnlyGlances() throws {
        // jsonschema asks an email for an "@" and does not check uuid in draft-07: evmon does both.
        for bad in [#""@example.com""#, #""a@""#, #""a b@example.com""#, #""a@-x.com""#, #""a..b@example.com""#] {
            #expect(try Self.violations(#"{"format":"email"}"#, bad).count == 1, "\(bad)")
        }
        let draft7UUID = #"{"$schema":"http://json-schema.org/draft-07/schema#","format":"uuid"}"#
        #expect(try Self.violations(draft7UUID, #""not-a-uuid""#).count == 1)
    }
}

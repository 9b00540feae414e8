import EvmonJSON
import EvmonModel
import EvmonSchemas
import EvmonTestSupport
import Foundation
import Testing

/// The encoder is the decoder's inverse: fastavro's data decodes and encodes back to the same
/// bytes, and JSON that does not fit the schema is refused, saying where.
struct AvroEncoderTests {
    @Test func everyCaseOfFastavrosCorpusEncodesBackToItsBytes() async throws {
        for item in try await AvroCorpusCase.all() {
            let decoded = try AvroDecoder.json(item.data, schema: item.schema)
            #expect(try AvroEncoder.binary(decoded, schema: item.schema) == item.data, "\(item.name)")
            // What the writer was given, as Foundation writes it (other member order, spacing),
            // encodes to data that decodes to it again (a map's keys may come in another order).
            let given = try JSONSerialization.data(withJSONObject: item.expected, options: [.prettyPrinted, .fragmentsAllowed])
            let again = try AvroDecoder.json(try AvroEncoder.binary(Array(given), schema: item.schema), schema: item.schema)
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(again), options: .fragmentsAllowed) as? NSObject)
            #expect(parsed.isEqual(item.expected), "\(item.name) as given")
        }
    }

    static func encode(_ schema: String, _ json: String) throws(AvroError) -> [UInt8] {
        try AvroEncoder.binary(Array(json.utf8), schema: try AvroSchema.parse(Array(schema.utf8)))
    }

    static func roundTrip(_ schema: String, _ json: String) throws(AvroError) -> String {
        let parsed = try AvroSchema.parse(Array(schema.utf8))
        return String(decoding: try AvroDecoder.json(try AvroEncoder.binary(Array(json.utf8), schema: parsed), schema: parsed), as: UTF8.self)
    }

    static let order = #"""
        {"type":"record","name":"Order","fields":[{"name":"id","type":"string"},
         {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item","fields":[
           {"name":"sku","type":"string"},
           {"name":"price","type":{"type":"bytes","logicalType":"decimal","precision":6,"scale":2}}]}}},
         {"name":"note","type":["null","string"]},
         {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}}]}
        """#

    @Test func valuesThatDoNotFitAreRefusedSayingWhere() {
        let item = #"{"sku":"a","price":"1.00"}"#
        let cases: [(String, String)] = [
            (#"{"id":"o","items":[\#(item),\#(item),{"sku":"a","price":"1.234"}],"note":null,"status":"NEW"}"#,
             #".items[2].price: expected a decimal string with at most 2 fraction digits, got "1.234""#),
            (#"{"id":"o","items":[{"sku":"a","price":"12345.6"}],"note":null,"status":"NEW"}"#,
             #".items[0].price: expected a decimal of at most 6 digits, got "12345.6""#),
            (#"{"id":"o","items":[{"sku":"a","price":"1.5"}],"note":null,"status":"LOST"}"#,
             #".status: "LOST" is not a symbol of enum Status (NEW, PAID)"#),
            (#"{"id":"o","items":[],"note":5,"status":"NEW"}"#, ".note: expected null or a string, got 5"),
            (#"{"id":"o","items":[],"status":"NEW"}"#, #".: missing field "note" of record Order"#),
            (#"{"id":"o","items":[],"note":null,"status":"NEW","extra":1}"#, #".: record Order has no field "extra""#),
            (#"{"id":7,"items":[],"note":null,"status":"NEW"}"#, ".id: expected a string, got 7"),
            (#"{"id":"o","items":{},"note":null,"status":"NEW"}"#, ".items: expected an array, got {}"),
            ("[1", "not JSON"),
        ]
        for (json, reason) in cases {
            do {
                _ = try Self.encode(Self.order, json)
                Issue.record("\(json) encoded")
            } catch {
                #expect(error.reason.contains(reason), "\(json): \(error.reason)")
            }
        }
        let numbers: [(String, String, String)] = [
            (#""int""#, "2147483648", ".: 2147483648 is out of range for an int"),
            (#""long""#, "9223372036854775808", "out of range for a long"),
            (#""long""#, "1.5", ".: expected a long, got 1.5"),
            (#""float""#, "1e39", ".: 1e39 is out of range for a float"),
            (#"{"type":"fixed","name":"F","size":2}"#, #""abc""#, ".: fixed F takes 2 bytes, got 3"),
            (#"{"type":"int","logicalType":"date"}"#, #""2026-02-30""#, "expected a date (YYYY-MM-DD)"),
            (#"{"type":"long","logicalType":"timestamp-millis"}"#, #""2026-12-07T10:15:30.1234Z""#, "at most 3 fraction digits"),
            (#"{"type":"long","logicalType":"timestamp-millis"}"#, #""2026-12-07T10:15:30""#, "then Z"),
            (#"{"type":"fixed","name":"D","size":1,"logicalType":"decimal","precision":3}"#, #""128""#, "does not fit in fixed D of 1 bytes"),
            (#"{"type":"map","values":"int"}"#, #"{"a":1,"a":2}"#, #"key "a" appears twice"#),
            (#"{"type":"bytes"}"#, #"{"base64":"***"}"#, "is not base64"),
        ]
        for (schema, json, reason) in numbers {
            do {
                _ = try Self.encode(schema, json)
                Issue.record("\(json) encoded as \(schema)")
            } catch {
                #expect(error.reason.contains(reason), "\(json) as \(schema): \(error.reason)")
            }
        }
    }

    @Test func unionsTakeTheFirstBranchThatFits() throws {
        let union = #"["null","long",{"type":"record","name":"A","fields":[{"name":"a","type":"int"}]},{"type":"record","name":"B","fields":[{"name":"b","type":"int"}]},"string"]"#
        #expect(try Self.encode(union, "null") == [0x00])
        #expect(try Self.encode(union, "3") == [0x02, 0x06])
        #expect(try Self.encode(union, #"{"b":1}"#) == [0x06, 0x02])
        #expect(try Self.encode(union, #""x""#) == [0x08, 0x02, 0x78])
        // A record branch that fits by kind but not inside says why, from inside.
        do {
            _ = try Self.encode(#"["null",{"type":"record","name":"A","fields":[{"name":"a","type":"int"}]}]"#, #"{"a":"x"}"#)
            Issue.record("encoded")
        } catch {
            #expect(error.reason == #".a: expected an int, got "x""#)
        }
    }

    @Test func editedValuesReadBackAsEdited() throws {
        #expect(try Self.roundTrip(Self.order, #"{"id":"o","items":[{"sku":"a","price":-3.5}],"note":"hi","status":"PAID"}"#)
            == #"{"id":"o","items":[{"sku":"a","price":"-3.50"}],"note":"hi","status":"PAID"}"#)
        let logical = #"""
            {"type":"record","name":"L","fields":[
             {"name":"day","type":{"type":"int","logicalType":"date"}},
             {"name":"at","type":{"type":"long","logicalType":"timestamp-micros"}},
             {"name":"ns","type":{"type":"long","logicalType":"local-timestamp-nanos"}},
             {"name":"clock","type":{"type":"int","logicalType":"time-millis"}},
             {"name":"big","type":{"type":"fixed","name":"Big","size":16,"logicalType":"decimal","precision":38,"scale":4}},
             {"name":"span","type":{"type":"fixed","name":"Span","size":12,"logicalType":"duration"}},
             {"name":"raw","type":"bytes"},{"name":"d","type":"double"}]}
            """#
        let json = #"{"day":"-0044-03-15","at":"1969-12-31T23:59:59.999999Z","ns":"2262-04-11T23:47:16.854775807","clock":"23:59:59.9","#
            + #""big":"-1234567890123456789012345678.9012","span":{"months":1,"days":4294967295,"milliseconds":0},"raw":{"base64":"AP8="},"d":"-Infinity"}"#
        #expect(try Self.roundTrip(logical, json) == #"{"day":"-0044-03-15","at":"1969-12-31T23:59:59.999999Z","ns":"2262-04-11T23:47:16.854775807","#
            + #""clock":"23:59:59.900","big":"-1234567890123456789012345678.9012","span":{"months":1,"days":4294967295,"milliseconds":0},"#
            + #""raw":{"base64":"AP8="},"d":"-Infinity"}"#)
        // Longs keep every digit: they are read from the text, not through a double.
        #expect(try Self.encode(#""long""#, "-9223372036854775808") == [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func hostileValuesAreBounded() throws {
        let node = #"{"type":"record","name":"N","fields":[{"name":"next","type":["null","N"]}]}"#
        let deep = String(repeating: #"{"next":"#, count: 250) + "null" + String(repeating: "}", count: 250)
        #expect(throws: AvroError.self) { try Self.encode(node, deep) }
        // Two records of the same shape in a union at each level, both tried all the way down:
        // work doubling per level, stopped by the budget rather than followed.
        var union = #"[{"type":"record","name":"A0","fields":[{"name":"v","type":"int"}]},{"type":"record","name":"B0","fields":[{"name":"v","type":"int"}]}]"#
        for level in 1...24 {
            let a = #"{"type":"record","name":"A\#(level)","fields":[{"name":"x","type":\#(union)}]}"#
            let b = #"{"type":"record","name":"B\#(level)","fields":[{"name":"x","type":["A\#(level - 1)","B\#(level - 1)"]}]}"#
            union = "[\(a),\(b)]"
        }
        let json = String(repeating: #"{"x":"#, count: 24) + #"{"v":"no"}"# + String(repeating: "}", count: 24)
        do {
            _ = try Self.encode(union, json)
            Issue.record("encoded")
        } catch {
            #expect(error.reason.contains("too much work"), "\(error.reason)")
        }
    }
}

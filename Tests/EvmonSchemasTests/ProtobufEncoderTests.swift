import EvmonJSON
import EvmonModel
import EvmonSchemas
import Foundation
import Testing

/// JSON edited by a user encodes back to Protobuf binary, or is refused naming the field; and
/// bytes with no schema show as `protoc --decode_raw` would, refusing what is not Protobuf.
struct ProtobufEncoderTests {
    static let schema = try! ProtobufDecoderTests.schema("shop.proto")
    static let order = schema.message(named: "shop.Order")!

    static func encode(_ text: String, _ message: ProtoMessage = order) throws(ProtobufError) -> [UInt8] {
        try ProtobufEncoder.encode(json: Array(text.utf8), message: message, in: schema)
    }

    static func decode(_ bytes: [UInt8], _ message: ProtoMessage = order) throws -> NSObject {
        try ProtobufDecoderTests.json(String(decoding: try ProtobufDecoder.json(bytes, message: message, in: schema), as: UTF8.self))
    }

    @Test func editedJSONEncodesToWhatDecodesToIt() throws {
        let edited = """
            {"id":"o-9","lines":[{"sku":"A","quantity":"3","price":{"currencyCode":"EUR","units":5}}],"color":2,
             "packedNumbers":[1,-2],"counts":{"a":1},"linesById":{"-7":{"sku":"x"}},"flags":{"true":"t"},
             "note":"","voucher":{"units":"12"},"createdAt":"2026-12-07T11:15:30.5+01:00","ttl":"-0.25s","weights":["NaN",1.5]}
            """
        let decoded = try Self.decode(try Self.encode(edited))
        let dictionary = try #require(decoded as? [String: Any])
        #expect(dictionary["id"] as? String == "o-9")
        #expect(dictionary["color"] as? String == "GREEN")
        #expect(dictionary["note"] as? String == "")
        #expect(dictionary["createdAt"] as? String == "2026-12-07T10:15:30.500Z")
        #expect(dictionary["ttl"] as? String == "-0.250s")
        #expect((dictionary["linesById"] as? [String: Any])?["-7"] != nil)
        #expect((dictionary["weights"] as? [Any])?.first as? String == "NaN")
        #expect((dictionary["lines"] as? [[String: Any]])?.first?["quantity"] as? Int == 3)
        // FieldMask paths split back as the decoder joined them, empty ones included.
        let wellKnown = Self.schema.message(named: "shop.WellKnown")!
        let mask = try Self.decode(try Self.encode(#"{"mask":",fooBar,x"}"#, wellKnown), wellKnown)
        #expect((mask as? [String: Any])?["mask"] as? String == ",fooBar,x")
        // Proto names are accepted as well as JSON names; null is absence.
        #expect(try Self.encode(#"{"order_id":"x","note":null}"#) == Self.encode(#"{"id":"x"}"#))
        // Fields without presence at their default are not written; fields with presence are.
        #expect(try Self.encode(#"{"id":"","color":"COLOR_UNSPECIFIED","packedNumbers":[]}"#) == [])
        #expect(try Self.encode(#"{"priority":0}"#) == [0x78, 0x00])
    }

    @Test func valuesThatDoNotFitAreRefusedWithTheFieldsPath() {
        let cases: [(String, String)] = [
            (#"{"lines":[{},{},{"quantity":"x"}]}"#, #".lines[2].quantity: expected an int32, got "x""#),
            (#"{"nope":1}"#, ".nope: shop.Order has no such field"),
            (#"{"color":"PINK"}"#, #".color: shop.Color has no value "PINK""#),
            (#"{"counts":{"a":"b"}}"#, #".counts["a"]: expected an int32, got "b""#),
            (#"{"cardNumber":"1","cash":true}"#, ".cash: oneof payment already holds cardNumber"),
            (#"{"packedNumbers":[1,2.5]}"#, ".packedNumbers[1]: expected an integer, got 2.5"),
            (#"{"createdAt":"yesterday"}"#, ".createdAt: expected an RFC 3339 timestamp"),
            (#"{"total":5}"#, ".total: expected an object for shop.common.Money, got 5"),
            (#"{"priority":3000000000}"#, ".priority: 3000000000 is out of range for an int32"),
            (#"{"lines":{}}"#, ".lines: expected an array, got an object"),
            (#"{"tags":["a",null]}"#, ".tags[1]: null cannot be an element of a list"),
            (#"{"linesById":{"x":{}}}"#, #".linesById["x"]: expected an int64, got "x""#),
            (#"{"id":"a","id":"b"}"#, ".id: given twice"),
            ("[]", ".: expected an object for shop.Order, got an array"),
            ("{", "not JSON"),
        ]
        for (text, reason) in cases {
            do {
                _ = try Self.encode(text)
                Issue.record("\(text) encoded")
            } catch {
                #expect(error.reason.hasPrefix(reason), "\(text): \(error.reason)")
            }
        }
        let scalars = Self.schema.message(named: "shop.Scalars")!
        #expect(throws: ProtobufError(#".someBytes: expected base64 text, got "%%""#)) { try Self.encode(#"{"someBytes":"%%"}"#, scalars) }
        #expect(throws: ProtobufError(#".aUint64: "-1" is out of range for a uint64"#)) { try Self.encode(#"{"aUint64":"-1"}"#, scalars) }
        #expect(throws: ProtobufError(".aFloat: 1e+300 is out of range for a float")) { try Self.encode(#"{"aFloat":1e300}"#, scalars) }
        #expect(throws: ProtobufError(".aBool: expected true or false, got 1")) { try Self.encode(#"{"aBool":1}"#, scalars) }
    }

    @Test func schemalessBytesShowAsTheirFieldNumbers() throws {
        func raw(_ bytes: [UInt8]) throws -> NSObject {
            try ProtobufDecoderTests.json(String(decoding: try ProtobufRawDecoder.json(bytes), as: UTF8.self))
        }
        let order = try Self.encode(#"{"id":"ord-1","total":{"currencyCode":"EUR","units":12},"tags":["a","b"],"weights":[0.5],"checksums":[7]}"#)
        let expected = #"{"1":"ord-1","3":{"1":"EUR","2":12},"8":["a","b"],"22":{"base64":"AAAAAAAA4D8="},"24":"\u0007\u0000\u0000\u0000"}"#
        #expect(try raw(order).isEqual(try ProtobufDecoderTests.json(expected)))
        // Past 2^53 a varint is a string; fixed values are unsigned; a group is an object.
        let bytes: [UInt8] = [0x08] + ProtobufDecoderTests.varint(UInt64.max) + [0x15, 0xFF, 0xFF, 0xFF, 0xFF, 0x1B, 0x20, 0x05, 0x1C, 0x08, 0x01]
        #expect(String(decoding: try ProtobufRawDecoder.json(bytes), as: UTF8.self) == #"{"1":["18446744073709551615",1],"2":4294967295,"3":{"4":5}}"#)
        #expect(try ProtobufRawDecoder.json([]) == Array("{}".utf8))
        // Not Protobuf: text, a tag with field 0, an unopened group's end, bytes left over.
        let refused: [([UInt8], String)] = [
            (Array("hello".utf8), "not Protobuf: the bytes are printable text"),
            (Array(#"{"a":1}"#.utf8), "not Protobuf: the bytes are printable text"),
            ([0x00, 0x01], "not Protobuf: a tag with field number 0 at byte 0"),
            ([0x08, 0x01, 0x0C], "not Protobuf: an end-group tag (field 1) with no group open at byte 2"),
            ([0x0A, 0x05, 0x01], "not Protobuf: a length of 5, past the end of the data at byte 1"),
            ([0x08, 0x96], "not Protobuf: the data ends inside a varint at byte 1"),
        ]
        for (bytes, reason) in refused {
            #expect(throws: ProtobufError(reason)) { try ProtobufRawDecoder.json(bytes) }
        }
        // Nested lengths 300 deep stop being read as messages past the depth limit, and still print.
        var nested: [UInt8] = [0x08, 0x01]
        for _ in 0..<300 { nested = [0x0A] + ProtobufDecoderTests.varint(UInt64(nested.count)) + nested }
        #expect(JSONParser.isValid(try ProtobufRawDecoder.json(nested)))
    }
}

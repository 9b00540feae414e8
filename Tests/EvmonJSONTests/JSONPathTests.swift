import Testing
import EvmonModel
import EvmonJSON

@Suite struct JSONPathTests {
    private let order = try! JSONParser.parse(Array(#"{"payload":{"order_id":"o-1","items":[{"price":2},{"price":3}],"none":null},"odd key":1}"#.utf8))

    @Test func pathsWithAndWithoutTheLeadingDot() throws {
        #expect(try JSONPath(parsing: ".payload.order_id").lookup(in: order) == .found(.string("o-1")))
        #expect(try JSONPath(parsing: "payload.order_id").lookup(in: order) == .found(.string("o-1")))
        #expect(try JSONPath(parsing: ".payload.items[1].price").lookup(in: order) == .found(.number(3)))
        #expect(try JSONPath(parsing: ".payload.items[-1].price").lookup(in: order) == .found(.number(3)))
        #expect(try JSONPath(parsing: #".["odd key"]"#).lookup(in: order) == .found(.number(1)))
        #expect(try JSONPath(parsing: ".").lookup(in: order) == .found(order))
    }

    @Test func missingAndMismatchedStepsAreToldApart() throws {
        #expect(try JSONPath(parsing: ".payload.total").lookup(in: order) == .missing)
        #expect(try JSONPath(parsing: ".payload.none.deeper").lookup(in: order) == .missing)
        #expect(try JSONPath(parsing: ".payload.items[9]").lookup(in: order) == .missing)
        #expect(try JSONPath(parsing: ".payload.order_id.x").lookup(in: order) == .mismatch(".payload.order_id is a string, not an object with 'x'"))
        #expect(try JSONPath(parsing: ".payload[0]").lookup(in: order) == .mismatch(".payload is an object, not an array"))
    }

    @Test(arguments: ["", ".a.", ".a[", ".a[x]", ".a b", #".["open"#, ".a|b"])
    func malformedPathsAreUsageErrors(_ text: String) {
        #expect(throws: EvmonError.self) { try JSONPath(parsing: text) }
    }

    @Test func descriptionRoundTrips() throws {
        #expect(try JSONPath(parsing: #"payload.items[0]["a b"]"#).description == #".payload.items[0].["a b"]"#)
    }
}

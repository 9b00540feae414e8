import Testing
import EvmonModel

@Suite struct StartPositionTests {
    @Test(arguments: [
        ("earliest", StartPosition.earliest), ("beginning", .earliest), ("latest", .latest), ("end", .latest),
        ("0", .offset(.sequence(0))), ("1234", .offset(.sequence(1234))), ("-10", .lastMessages(10)),
        ("@1764115200000", .timestamp(1_764_115_200_000)),
        ("1716123456789-0", .offset(.streamID(milliseconds: 1_716_123_456_789, sequence: 0))),
    ])
    func parsesEveryCLIForm(text: String, expected: StartPosition) throws {
        #expect(try StartPosition(parsing: text) == expected)
    }

    @Test(arguments: ["", "yesterday", "-0", "--5", "-x", "@", "@soon", "@-5", "1.5", "1e9"])
    func rejectsMalformedFormsWithAUsageError(text: String) {
        #expect {
            try StartPosition(parsing: text)
        } throws: { error in
            guard let error = error as? EvmonError, case .usage(let message) = error else { return false }
            return message.contains("--from") && error.exitCode == 2
        }
    }
}

import Foundation
import Testing
import EvmonModel
@testable import EvmonNATS

@Suite struct NKeyTests {
    // Made with the PyPI `nkeys` package (the NATS reference): the seed of bytes 0…31.
    static let seed = "SUAAAAICAMCAKBQHBAEQUCYMBUHA6EARCIJRIFIWC4MBSGQ3DQOR4H776Y"
    static let publicKey = "UAB2CB576PHBBPQ5ODORRZ2LYCMWPZGWGCN2KDK7DXOIMZASKUY3RLKK"
    static let signature = "OI-IW_YVK9xtAcoNQTEGPXFAThCgxkDaNgmyJa-0PMNtgPXnij7Mc0G2z51t7BAKfR2OqthoTgGWDy-iQzg4Cg"

    @Test func aSeedGivesTheReferencePublicKeyAndSignature() throws {
        let key = try NKey(seed: Self.seed)
        #expect(key.publicKey == Self.publicKey)
        #expect(try key.sign(nonce: "nonce-from-server") == Self.signature)
    }

    @Test(arguments: [
        ("", "not a NATS seed"),
        (String(seed.dropLast()) + "A", "checksum is wrong"),
        (publicKey, "not a NATS seed"),
        ("sUAAAAICAMCAKBQHBAEQUCYMBUHA6EARCIJRIFIWC4MBSGQ3DQOR4H776Y", "not a NATS seed"),
    ])
    func badSeedsSayWhatIsWrongWithoutRepeatingThem(text: String, fragment: String) {
        #expect {
            try NKey(seed: text)
        } throws: { error in
            let message = String(describing: error)
            return message.contains(fragment) && (text.isEmpty || !message.contains(text))
        }
    }

    @Test func connectCarriesTheNKeyAndTheSignedNonce() throws {
        let key = try NKey(seed: Self.seed)
        let json = String(decoding: try JSONEncoder().encode(ConnectOptions(credentials: .nkey(key), nonce: "nonce-from-server", tls: true)), as: UTF8.self)
        #expect(json.contains(#""nkey":"\#(Self.publicKey)""#) && json.contains(#""sig":"\#(Self.signature)""#))
        #expect(json.contains(#""tls_required":true"#) && !json.contains(Self.seed))
    }

    @Test func aCredsFileGivesItsJWTAndSeed() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("evmon-\(UUID().uuidString).creds").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let text = """
            -----BEGIN NATS USER JWT-----
            eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJzdWIiOiJVQUIyIn0.c2ln
            ------END NATS USER JWT------

            ************************* IMPORTANT *************************
            NKEY Seed printed below can be used to sign and prove identity.

            -----BEGIN USER NKEY SEED-----
            \(Self.seed)
            ------END USER NKEY SEED------
            """
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let credentials = try NATSCredentials.fromEnvironment(["EVMON_NATS_CREDS": file], url: "nats://x")
        #expect(credentials == .userJWT("eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJzdWIiOiJVQUIyIn0.c2ln", try NKey(seed: Self.seed)))
        #expect(throws: EvmonError.self) { try NATSCredentials.fromEnvironment(["EVMON_NATS_CREDS": file, "EVMON_NATS_TOKEN": "t"], url: "nats://x") }
        try "just text".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: EvmonError.usage("EVMON_NATS_CREDS=\(file): not a NATS credentials file (expected a USER JWT block and a USER NKEY SEED block)")) {
            try NATSCredentials.fromEnvironment(["EVMON_NATS_CREDS": file], url: "nats://x")
        }
    }

    @Test func base32RoundTrips() {
        for length in 0..<12 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            #expect(Base32.decode(Base32.encode(bytes)) == bytes)
        }
    }
}

import Foundation
import Testing
@testable import EvmonKafka

@Suite struct SCRAMClientTests {
    /// RFC 7677 section 3: user "user", password "pencil".
    @Test func rfc7677SHA256ExchangeProducesThePublishedProofAndAcceptsTheServerSignature() throws {
        var client = SCRAMClient(hash: .sha256, username: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(String(decoding: client.firstMessage, as: UTF8.self) == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        let final = try client.finalMessage(serverFirst: Array(serverFirst.utf8))
        #expect(String(decoding: final, as: UTF8.self)
            == "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        try client.verify(serverFinal: Array("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".utf8))
    }

    @Test func aServerThatDoesNotKnowThePasswordIsCaught() throws {
        var client = SCRAMClient(hash: .sha256, username: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        _ = try client.finalMessage(serverFirst: Array("r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096".utf8))
        #expect(throws: SCRAMClient.Failure.serverSignatureMismatch) {
            try client.verify(serverFinal: Array("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".utf8))
        }
    }

    @Test(arguments: [
        ("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", SCRAMClient.Failure.nonceMismatch),
        // A hostile server asking for billions of iterations would keep evmon busy for hours.
        ("r=abcXYZ,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=2147483647", .iterationsOutOfRange(2_147_483_647)),
        ("r=abcXYZ,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1", .iterationsOutOfRange(1)),
        ("r=abcXYZ,s=!!!,i=4096", .malformedServerMessage("salt is not base64")),
        ("r=abcXYZ,i=4096", .malformedServerMessage("missing r, s or i")),
        ("e=unknown-user", .serverError("unknown-user")),
    ])
    func hostileServerFirstMessagesAreRefused(serverFirst: String, expected: SCRAMClient.Failure) {
        var client = SCRAMClient(hash: .sha512, username: "u", password: "p", clientNonce: "abc")
        #expect(throws: expected) { try client.finalMessage(serverFirst: Array(serverFirst.utf8)) }
    }

    @Test func namesAreEscapedAndErrorsNeverCarryThePassword() throws {
        #expect(SCRAMClient.saslName("a=b,c") == "a=3Db=2Cc")
        var client = SCRAMClient(hash: .sha512, username: "u", password: "hunter2", clientNonce: "abc")
        let final = try client.finalMessage(serverFirst: Array("r=abcdef,s=c2FsdA==,i=4096".utf8))
        #expect(!String(decoding: final, as: UTF8.self).contains("hunter2"))
        let failures: [SCRAMClient.Failure] = [.nonceMismatch, .serverSignatureMismatch, .serverError("x"), .iterationsOutOfRange(1)]
        #expect(failures.allSatisfy { !$0.description.contains("hunter2") })
    }

    @Test func nonceIsFreshPrintableAndCommaFree() {
        let nonces = (0..<20).map { _ in SCRAMClient.randomNonce() }
        #expect(Set(nonces).count == 20)
        #expect(nonces.allSatisfy { !$0.contains(",") && $0.utf8.allSatisfy { (0x21...0x7E).contains($0) } })
    }
}

import EvmonKafka
import EvmonNATS
import Foundation

/// What brokers and credential sources hand evmon while it authenticates: SCRAM server
/// messages, NKey seeds and `.creds` files, and what a token command prints.
enum CredentialFuzzTargets {
    static let all = [FuzzTarget("credentials", run: credentials)]

    /// First byte: which reader (0 SCRAM, 1 NKey seed, 2 creds file, 3 token output); the rest its input.
    static func credentials(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let which = input.byte() % 4
        let rest = input.rest()
        let text = String(decoding: rest, as: UTF8.self)
        switch which {
        case 0:
            let clientNonce = "fyko+d2lbbFgONRv9qkxdawL"
            if let first = try? SCRAMClient.ServerFirst(parsing: text, clientNonce: clientNonce) {
                precondition(first.nonce.hasPrefix(clientNonce) && first.nonce.count > clientNonce.count, "the server nonce extends evmon's")
                precondition((SCRAMClient.minimumIterations...SCRAMClient.maximumIterations).contains(first.iterations), "iterations stay bounded")
                precondition(!first.salt.isEmpty, "a salt is never empty")
            }
            _ = try? SCRAMClient.serverSignature(inFinal: rest)
        case 1:
            if let key = try? NKey(seed: text) {
                precondition(key.publicKey.hasPrefix("U") && key.publicKey.count == 56, "a user seed gives a user public key")
            }
        case 2:
            if let (jwt, _) = try? NATSCredentials.credsText(text) { precondition(!jwt.isEmpty, "a creds file's JWT is never empty") }
        default:
            if let (token, lifetime) = try? OAuthTokenSource.parse(text, now: Date(timeIntervalSince1970: 1_800_000_000)) {
                precondition(!token.isEmpty && token.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F }, "a token is printable ASCII, one word")
                precondition(lifetime >= .zero, "a lifetime is never negative")
            }
        }
    }
}

import Crypto
import CryptoExtras
import Foundation

/// The client side of SCRAM-SHA-256 / SCRAM-SHA-512 (RFC 5802, RFC 7677): the password never
/// crosses the wire, and the server proves it knows the salted password too, so a server that
/// only pretends is caught.
package struct SCRAMClient {
    package enum Hash: String, Sendable {
        case sha256 = "SCRAM-SHA-256"
        case sha512 = "SCRAM-SHA-512"
    }

    /// Why an exchange failed, in an error line's words. The password never appears.
    package enum Failure: Error, Equatable, CustomStringConvertible {
        case malformedServerMessage(String)
        case nonceMismatch
        case iterationsOutOfRange(Int)
        case serverError(String)
        case serverSignatureMismatch

        package var description: String {
            switch self {
            case .malformedServerMessage(let what): "the broker's SCRAM answer is malformed (\(what))"
            case .nonceMismatch: "the broker's SCRAM nonce does not extend evmon's (is something between evmon and the broker?)"
            case .iterationsOutOfRange(let count): "the broker asks for \(count) SCRAM iterations (evmon accepts 4096…\(SCRAMClient.maximumIterations))"
            case .serverError(let text): "SCRAM proof rejected: \(text)"
            case .serverSignatureMismatch: "the broker's SCRAM signature is wrong: it does not know this user's password (is something between evmon and the broker?)"
            }
        }
    }

    /// RFC 7677's minimum; above the maximum a hostile server could make evmon spin for minutes
    /// (Kafka itself allows at most 16384).
    package static let minimumIterations = 4096
    package static let maximumIterations = 100_000

    let hash: Hash
    let username: String
    let password: String
    let clientNonce: String
    private var serverSignature: [UInt8] = []

    init(hash: Hash, username: String, password: String, clientNonce: String = SCRAMClient.randomNonce()) {
        self.hash = hash
        self.username = username
        self.password = password
        self.clientNonce = clientNonce
    }

    /// `n=user,r=nonce`, the part both signatures cover.
    private var firstMessageBare: String {
        "n=\(Self.saslName(username)),r=\(clientNonce)"
    }

    /// The client-first-message: no channel binding (`n,,`), then the bare part.
    var firstMessage: [UInt8] {
        Array(("n,," + firstMessageBare).utf8)
    }

    /// What a server-first-message asks for, checked before any work is done on it.
    package struct ServerFirst: Equatable {
        package var nonce: String
        package var salt: Data
        package var iterations: Int

        /// Parses and checks `r=…,s=…,i=…`: the nonce must extend `clientNonce`, the salt be
        /// base64 and the iteration count within bounds.
        package init(parsing text: String, clientNonce: String) throws(Failure) {
            let fields = SCRAMClient.fields(text)
            if let error = fields["e"] { throw .serverError(error) }
            guard let nonce = fields["r"], let saltText = fields["s"], let iterationText = fields["i"] else {
                throw .malformedServerMessage("missing r, s or i")
            }
            guard nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else { throw .nonceMismatch }
            guard let salt = Data(base64Encoded: saltText), !salt.isEmpty else { throw .malformedServerMessage("salt is not base64") }
            guard let iterations = Int(iterationText) else { throw .malformedServerMessage("iteration count is not a number") }
            guard (SCRAMClient.minimumIterations...SCRAMClient.maximumIterations).contains(iterations) else { throw .iterationsOutOfRange(iterations) }
            self.nonce = nonce
            self.salt = salt
            self.iterations = iterations
        }
    }

    /// The server signature a server-final-message carries (`v=…`), or its error (`e=…`).
    package static func serverSignature(inFinal serverFinal: [UInt8]) throws(Failure) -> [UInt8] {
        let fields = fields(String(decoding: serverFinal, as: UTF8.self))
        if let error = fields["e"] { throw .serverError(error) }
        guard let verifier = fields["v"], let signature = Data(base64Encoded: verifier) else {
            throw .malformedServerMessage("no server signature")
        }
        return Array(signature)
    }

    /// Answers the server-first-message with the client proof.
    mutating func finalMessage(serverFirst: [UInt8]) throws(Failure) -> [UInt8] {
        let text = String(decoding: serverFirst, as: UTF8.self)
        let first = try ServerFirst(parsing: text, clientNonce: clientNonce)
        let (nonce, salt, iterations) = (first.nonce, first.salt, first.iterations)

        let withoutProof = "c=biws,r=\(nonce)"  // biws = base64("n,,")
        let authMessage = Array("\(firstMessageBare),\(text),\(withoutProof)".utf8)
        let salted = saltedPassword(salt: salt, iterations: iterations)
        let clientKey = hmac(key: salted, Array("Client Key".utf8))
        let storedKey = digest(clientKey)
        let clientSignature = hmac(key: storedKey, authMessage)
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        serverSignature = hmac(key: hmac(key: salted, Array("Server Key".utf8)), authMessage)
        return Array("\(withoutProof),p=\(Data(proof).base64EncodedString())".utf8)
    }

    /// Checks the server-final-message: the server's signature proves it knows the password.
    func verify(serverFinal: [UInt8]) throws(Failure) {
        let signature = try Self.serverSignature(inFinal: serverFinal)
        guard !serverSignature.isEmpty, signature == serverSignature else { throw .serverSignatureMismatch }
    }

    // MARK: - Primitives

    private func saltedPassword(salt: Data, iterations: Int) -> [UInt8] {
        let function: KDF.Insecure.PBKDF2.HashFunction = hash == .sha256 ? .sha256 : .sha512
        let length = hash == .sha256 ? 32 : 64
        // Iterations are bounded above; below PBKDF2's recommended rounds is what SCRAM specifies.
        let key = try? KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: function, outputByteCount: length, unsafeUncheckedRounds: iterations)
        return key.map { $0.withUnsafeBytes { Array($0) } } ?? []
    }

    private func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        let key = SymmetricKey(data: key)
        switch hash {
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: key))
        }
    }

    private func digest(_ bytes: [UInt8]) -> [UInt8] {
        switch hash {
        case .sha256: Array(SHA256.hash(data: bytes))
        case .sha512: Array(SHA512.hash(data: bytes))
        }
    }

    /// `a=1,b=2` → ["a": "1", "b": "2"]; values may contain `=` (base64 padding).
    private static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for part in text.split(separator: ",") {
            guard part.count >= 2, part.dropFirst().first == "=" else { continue }
            fields[String(part.prefix(1))] = String(part.dropFirst(2))
        }
        return fields
    }

    /// RFC 5802's saslname: `=` and `,` are escaped.
    static func saslName(_ name: String) -> String {
        name.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
    }

    /// 24 random bytes as base64: printable, and never a `,`.
    static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }
}

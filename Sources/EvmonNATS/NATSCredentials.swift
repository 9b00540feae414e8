import Foundation
import EvmonModel

/// The CONNECT options evmon sends.
struct ConnectOptions: Encodable {
    var verbose = false
    var pedantic = false
    var headers = true
    var no_responders = true
    var `protocol` = 1
    var lang = "swift"
    var version = "1.0"
    var name = "evmon"
    var echo = true
    var tls_required: Bool
    var user: String?
    var pass: String?
    var auth_token: String?
    var nkey: String?
    var jwt: String?
    var sig: String?

    /// With `nonce` from INFO, which NKey and JWT credentials sign.
    init(credentials: NATSCredentials, nonce: String?, tls: Bool) throws {
        tls_required = tls
        switch credentials {
        case .none: break
        case .userPassword(let user, let password):
            self.user = user
            pass = password
        case .token(let token):
            auth_token = token
        case .nkey(let key):
            nkey = key.publicKey
            sig = try nonce.map(key.sign)
        case .userJWT(let token, let key):
            jwt = token
            sig = try nonce.map(key.sign)
        }
    }
}

/// Credentials from the environment: `EVMON_NATS_USER`/`EVMON_NATS_PASSWORD`, `EVMON_NATS_TOKEN`,
/// `EVMON_NATS_NKEY_SEED` (a bare NKey) or `EVMON_NATS_CREDS` (a `.creds` file: a user JWT and
/// its NKey seed, as `nsc` and Synadia Cloud write them).
package enum NATSCredentials: Sendable, Equatable {
    case none
    case userPassword(user: String, password: String)
    case token(String)
    case nkey(NKey)
    case userJWT(String, NKey)

    /// Whether a secret crosses the wire as it is (NKeys only sign a nonce).
    var sendsSecretInClear: Bool {
        switch self {
        case .userPassword, .token: true
        case .none, .nkey, .userJWT: false
        }
    }

    static func fromEnvironment(_ environment: [String: String], url: String) throws(EvmonError) -> NATSCredentials {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let user = value("EVMON_NATS_USER"), password = value("EVMON_NATS_PASSWORD")
        var kinds: [NATSCredentials] = []
        switch (user, password) {
        case (let user?, let password?): kinds.append(.userPassword(user: user, password: password))
        case (nil, nil): break
        default: throw .usage("\(url): EVMON_NATS_USER and EVMON_NATS_PASSWORD go together; set both")
        }
        if let token = value("EVMON_NATS_TOKEN") { kinds.append(.token(token)) }
        if let seed = value("EVMON_NATS_NKEY_SEED") {
            do { kinds.append(.nkey(try NKey(seed: seed))) } catch { throw .usage("\(url): EVMON_NATS_NKEY_SEED: \(error)") }
        }
        if let path = value("EVMON_NATS_CREDS") { kinds.append(try credsFile(path)) }
        guard kinds.count <= 1 else {
            throw .usage("\(url): set one of EVMON_NATS_USER and EVMON_NATS_PASSWORD, EVMON_NATS_TOKEN, EVMON_NATS_NKEY_SEED or EVMON_NATS_CREDS")
        }
        return kinds.first ?? .none
    }

    /// Reads a `.creds` file: the first dashed block holds the user JWT, the second the seed.
    static func credsFile(_ path: String) throws(EvmonError) -> NATSCredentials {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("EVMON_NATS_CREDS=\(path): " + (FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"))
        }
        do {
            let (jwt, key) = try credsText(String(decoding: data, as: UTF8.self))
            return .userJWT(jwt, key)
        } catch {
            throw .usage("EVMON_NATS_CREDS=\(path): \(error)")
        }
    }

    /// A `.creds` file's user JWT and seed.
    package static func credsText(_ text: String) throws(EvmonError) -> (jwt: String, key: NKey) {
        let blocks = dashedBlocks(text)
        guard blocks.count >= 2, !blocks[0].isEmpty else {
            throw .usage("not a NATS credentials file (expected a USER JWT block and a USER NKEY SEED block)")
        }
        return (blocks[0], try NKey(seed: blocks[1]))
    }

    /// The text between each `-----BEGIN …-----` line and the dashed line that ends it.
    private static func dashedBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [String]?
        for line in text.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("---") && line.hasSuffix("---") {
                if let lines = current {
                    blocks.append(lines.joined())
                    current = nil
                } else {
                    current = []
                }
            } else if current != nil, !line.isEmpty {
                current?.append(line)
            }
        }
        return blocks
    }
}

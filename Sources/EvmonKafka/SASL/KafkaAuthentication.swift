import EvmonModel

/// How a Kafka connection proves who it is, after TLS and ApiVersions: one SASL mechanism with
/// its secrets (from the environment or the profile, never the URL).
enum KafkaAuthentication: Sendable {
    case plain(username: String, password: String)
    case scram(SCRAMClient.Hash, username: String, password: String)
    case oauthBearer(OAuthTokenSource)

    /// The mechanism's name in SaslHandshake.
    var mechanism: String {
        switch self {
        case .plain: "PLAIN"
        case .scram(let hash, _, _): hash.rawValue
        case .oauthBearer: "OAUTHBEARER"
        }
    }

    /// Whether the mechanism puts a secret on the wire as it is (PLAIN's password, a bearer
    /// token), which is worth a warning without TLS.
    var sendsSecretInClear: Bool {
        if case .scram = self { return false }
        return true
    }

    /// The authentication `sasl=` names, with its secrets: `EVMON_KAFKA_USERNAME` and
    /// `EVMON_KAFKA_PASSWORD` (or the profile's) for PLAIN and SCRAM; `EVMON_KAFKA_OAUTH_TOKEN`
    /// or the profile's `token_command` for OAUTHBEARER.
    static func named(_ mechanism: String, secrets: BrokerSecrets, url: String) throws(EvmonError) -> KafkaAuthentication {
        if mechanism == "oauthbearer" {
            if let token = secrets.variable("EVMON_KAFKA_OAUTH_TOKEN") { return .oauthBearer(OAuthTokenSource(fixed: token)) }
            if let command = secrets.tokenCommand { return .oauthBearer(OAuthTokenSource(command: command)) }
            throw .usage("\(url): sasl=oauthbearer needs EVMON_KAFKA_OAUTH_TOKEN or a profile's token_command")
        }
        guard let username = secrets.variable("EVMON_KAFKA_USERNAME") ?? secrets.username,
            let password = secrets.variable("EVMON_KAFKA_PASSWORD") ?? secrets.password
        else {
            throw .usage("\(url): sasl=\(mechanism) needs EVMON_KAFKA_USERNAME and EVMON_KAFKA_PASSWORD (or username and password in the profile's sasl:)")
        }
        switch mechanism {
        case "plain": return .plain(username: username, password: password)
        case "scram-sha-256": return .scram(.sha256, username: username, password: password)
        case "scram-sha-512": return .scram(.sha512, username: username, password: password)
        default: throw .usage("\(url): sasl must be \(BrokerURL.saslMechanisms.joined(separator: ", "))")
        }
    }
}

/// Where a connection's secrets come from: the environment and the profile in use. Never the URL,
/// never an error message, never the arguments of a command evmon runs.
public struct BrokerSecrets: Sendable {
    /// The process environment (`EVMON_KAFKA_USERNAME`, `EVMON_TLS_KEY_PASSWORD`, …).
    public var environment: [String: String]
    /// SASL user name from a profile's `sasl:` mapping; the environment's wins.
    public var username: String?
    /// SASL password from a profile's `sasl:` mapping; the environment's wins.
    public var password: String?
    /// A shell command that prints an OAUTHBEARER token (a profile's `token_command`).
    public var tokenCommand: String?

    public init(environment: [String: String], username: String? = nil, password: String? = nil, tokenCommand: String? = nil) {
        self.environment = environment
        self.username = username
        self.password = password
        self.tokenCommand = tokenCommand
    }

    /// The environment's value of `name`, when set and not empty.
    public func variable(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }
}

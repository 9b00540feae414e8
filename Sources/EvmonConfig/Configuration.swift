import Foundation
import Yams
import EvmonModel
import EvmonDeadLetters
import EvmonTrace
import EvmonWatches

/// The user's configuration file (`$XDG_CONFIG_HOME/evmon/config.yaml`):
///
/// ```yaml
/// default: local
/// profiles:
///   local:
///     broker: kafka://127.0.0.1:9092
///     read_only: true
///   staging:
///     broker: kafka://b1.staging:9093,b2.staging:9093
///     tls: {ca: ~/certs/staging-ca.pem}   # or tls: true (system store); cert/key for mutual TLS
///     sasl: {mechanism: scram-sha-512, username: evmon}  # password from EVMON_KAFKA_PASSWORD
///     token_command: get-token --audience kafka          # OAUTHBEARER tokens
/// dead_letters:        # extra dead-letter topic names; `*` is the original topic
///   - "*.failed"
///   - quarantine
/// poison_deliveries: 3 # a Redis pending entry delivered this often is a dead letter
/// trace:               # how `t` and `evmon trace` join a transaction's messages
///   by: [key, traceparent, .payload.order_id, "header:x-correlation-id"]
///   window: 10m        # searched before and after the message
/// schemas:             # values written without a registry's framing, by topic
///   payments: schemas/payment.avsc
/// ```
/// A profile's `schema_registry: URL` (or `{url, ca}`) reads framed keys and values.
public struct Configuration: Equatable, Sendable {
    /// One named broker profile: the URL, and how to secure and authenticate the connection.
    public struct Profile: Equatable, Sendable {
        public var broker: String
        public var readOnly: Bool
        /// TLS files and whether to skip verification; fills what the URL leaves out.
        public var tls: TLSOptions?
        /// SASL mechanism (Kafka), when the URL names none.
        public var saslMechanism: String?
        /// SASL user name and password; the environment's variables win.
        public var username: String?
        public var password: String?
        /// Prints an OAUTHBEARER token; run again before the token expires.
        public var tokenCommand: String?
        /// Where framed keys and values find their schemas.
        public var schemaRegistry: SchemaRegistrySetting?

        public init(
            broker: String, readOnly: Bool, tls: TLSOptions? = nil, saslMechanism: String? = nil, username: String? = nil,
            password: String? = nil, tokenCommand: String? = nil
        ) {
            self.broker = broker
            self.readOnly = readOnly
            self.tls = tls
            self.saslMechanism = saslMechanism
            self.username = username
            self.password = password
            self.tokenCommand = tokenCommand
        }
    }

    public var defaultProfile: String?
    public var profiles: [String: Profile] = [:]
    /// Extra dead-letter topic patterns, tried before the built-in names.
    public var deadLetterPatterns: [DeadLetterPattern] = []
    /// Deliveries after which a broker-tracked unacknowledged message counts as a dead letter.
    public var poisonDeliveries = 3
    /// How messages join a trace; empty means `TraceLink.defaults`.
    public var traceLinks: [TraceLink] = []
    /// How far before and after a message a trace is searched, in milliseconds.
    public var traceWindow: Int64 = 10 * 60_000
    /// Local schema files by topic, for values written without a registry's framing.
    public var schemaFiles: [String: String] = [:]

    public init(defaultProfile: String? = nil, profiles: [String: Profile] = [:], deadLetterPatterns: [DeadLetterPattern] = []) {
        self.defaultProfile = defaultProfile
        self.profiles = profiles
        self.deadLetterPatterns = deadLetterPatterns
    }

    /// The dead-letter recognizer with this file's patterns.
    public var deadLetters: DeadLetterRecognizer {
        DeadLetterRecognizer(naming: DeadLetterNaming(extraPatterns: deadLetterPatterns), poisonDeliveries: poisonDeliveries)
    }

    /// Where the file lives for this environment.
    public static func path(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/evmon/config.yaml" }
        return (environment["HOME"] ?? "") + "/.config/evmon/config.yaml"
    }

    /// Loads the file; a missing file is an empty configuration, a broken one a usage error.
    public static func load(path: String) throws(EvmonError) -> Configuration {
        guard FileManager.default.fileExists(atPath: path) else { return Configuration() }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .usage("\(path): cannot read the file as UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses configuration text; errors name the file and what is wrong.
    public static func parse(_ text: String, path: String) throws(EvmonError) -> Configuration {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw .usage(YAMLSyntaxError.message(error, path: path, text: text))
        }
        guard let node else { return Configuration() }
        guard let root = node.mapping else { throw .usage("\(path): expected a mapping with 'default' and 'profiles'") }
        var configuration = Configuration()
        for (key, value) in root {
            switch key.string {
            case "default":
                guard let name = value.string else { throw .usage("\(path):\(line(value)): 'default' must name a profile") }
                configuration.defaultProfile = name
            case "profiles":
                guard let profiles = value.mapping else { throw .usage("\(path):\(line(value)): 'profiles' must be a mapping of names to profiles") }
                for (name, body) in profiles {
                    configuration.profiles[name.string ?? ""] = try profile(body, name: name.string ?? "", path: path)
                }
            case "dead_letters":
                guard let patterns = value.sequence else {
                    throw .usage("\(path):\(line(value)): 'dead_letters' must be a list of topic names or patterns like \"*.failed\"")
                }
                for pattern in patterns {
                    guard let text = pattern.string else { throw .usage("\(path):\(line(pattern)): a dead-letter pattern must be text") }
                    do {
                        configuration.deadLetterPatterns.append(try DeadLetterPattern(parsing: text))
                    } catch {
                        throw .usage("\(path):\(line(pattern)): \(error.description)")
                    }
                }
            case "poison_deliveries":
                guard let count = value.int, count >= 1 else {
                    throw .usage("\(path):\(line(value)): 'poison_deliveries' must be a whole number of deliveries, at least 1")
                }
                configuration.poisonDeliveries = count
            case "trace":
                try trace(value, path: path, into: &configuration)
            case "schemas":
                configuration.schemaFiles = try schemas(value, path: path)
            default:
                throw .usage(
                    "\(path):\(line(key)): unknown key '\(key.string ?? "")' (expected default, profiles, dead_letters, poison_deliveries, trace, schemas)")
            }
        }
        if let name = configuration.defaultProfile, configuration.profiles[name] == nil {
            throw .usage("\(path): default profile '\(name)' is not among the profiles")
        }
        return configuration
    }

    private static func profile(_ node: Node, name: String, path: String) throws(EvmonError) -> Profile {
        guard let body = node.mapping else { throw .usage("\(path):\(line(node)): profile '\(name)' must be a mapping") }
        var profile = Profile(broker: "", readOnly: false)
        var broker: String?
        for (key, value) in body {
            switch key.string {
            case "broker": broker = value.string
            case "read_only":
                guard let flag = value.bool else { throw .usage("\(path):\(line(value)): read_only must be true or false") }
                profile.readOnly = flag
            case "tls":
                profile.tls = try ProfileSecurity.tls(value, path: path)
            case "sasl":
                (profile.saslMechanism, profile.username, profile.password) = try ProfileSecurity.sasl(value, path: path)
            case "token_command":
                guard let command = value.string, !command.isEmpty else { throw .usage("\(path):\(line(value)): token_command must be a command line") }
                profile.tokenCommand = command
            case "schema_registry":
                profile.schemaRegistry = try schemaRegistry(value, path: path)
            default:
                throw .usage(
                    "\(path):\(line(key)): unknown key '\(key.string ?? "")' in profile '\(name)' (expected broker, read_only, tls, sasl, token_command, schema_registry)")
            }
        }
        guard let broker else { throw .usage("\(path):\(line(node)): profile '\(name)' has no broker") }
        profile.broker = broker
        return profile
    }

    static func line(_ node: Node) -> String { node.location }
}

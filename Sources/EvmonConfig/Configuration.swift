import Foundation
import Yams
import EvmonModel
import EvmonDeadLetters

/// The user's configuration file (`$XDG_CONFIG_HOME/evmon/config.yaml`):
///
/// ```yaml
/// default: local
/// profiles:
///   local:
///     broker: kafka://127.0.0.1:9092
///     read_only: true
/// dead_letters:        # extra dead-letter topic names; `*` is the original topic
///   - "*.failed"
///   - quarantine
/// poison_deliveries: 3 # a Redis pending entry delivered this often is a dead letter
/// ```
public struct Configuration: Equatable, Sendable {
    /// One named broker profile.
    public struct Profile: Equatable, Sendable {
        public var broker: String
        public var readOnly: Bool

        public init(broker: String, readOnly: Bool) {
            self.broker = broker
            self.readOnly = readOnly
        }
    }

    public var defaultProfile: String?
    public var profiles: [String: Profile] = [:]
    /// Extra dead-letter topic patterns, tried before the built-in names.
    public var deadLetterPatterns: [DeadLetterPattern] = []
    /// Deliveries after which a broker-tracked unacknowledged message counts as a dead letter.
    public var poisonDeliveries = 3

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
            default:
                throw .usage("\(path):\(line(key)): unknown key '\(key.string ?? "")' (expected default, profiles, dead_letters, poison_deliveries)")
            }
        }
        if let name = configuration.defaultProfile, configuration.profiles[name] == nil {
            throw .usage("\(path): default profile '\(name)' is not among the profiles")
        }
        return configuration
    }

    private static func profile(_ node: Node, name: String, path: String) throws(EvmonError) -> Profile {
        guard let body = node.mapping else { throw .usage("\(path):\(line(node)): profile '\(name)' must be a mapping") }
        var broker: String?
        var readOnly = false
        for (key, value) in body {
            switch key.string {
            case "broker": broker = value.string
            case "read_only":
                guard let flag = value.bool else { throw .usage("\(path):\(line(value)): read_only must be true or false") }
                readOnly = flag
            default:
                throw .usage("\(path):\(line(key)): unknown key '\(key.string ?? "")' in profile '\(name)' (expected broker, read_only)")
            }
        }
        guard let broker else { throw .usage("\(path):\(line(node)): profile '\(name)' has no broker") }
        return Profile(broker: broker, readOnly: readOnly)
    }

    private static func line(_ node: Node) -> String { node.location }
}

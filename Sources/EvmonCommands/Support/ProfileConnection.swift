import EvmonConfig
import EvmonModel

/// What a profile adds to its URL: TLS files and checks, the SASL mechanism, and secrets.
enum ProfileConnection {
    /// The profile's URL with its `tls:` filling what the URL leaves out and its `sasl:`
    /// mechanism where the URL names none.
    static func url(of profile: Configuration.Profile, name: String, parsed url: BrokerURL) throws(EvmonError) -> BrokerURL {
        var url = url
        if let tls = profile.tls {
            if case .demo = url { throw .usage("profile '\(name)': the demo broker has no connection to secure (tls:)") }
            url = url.withTLS((url.tls ?? TLSOptions()).filling(from: tls))
        }
        if let mechanism = profile.saslMechanism {
            guard case .kafka(let hosts, let tls, let sasl) = url else {
                throw .usage("profile '\(name)': sasl: is for kafka:// brokers (Redis and NATS take credentials from the environment)")
            }
            if let sasl, sasl != mechanism {
                throw .usage("profile '\(name)': its URL says sasl=\(sasl) and its sasl: says \(mechanism); keep one")
            }
            url = .kafka(hosts: hosts, tls: tls, sasl: mechanism)
        }
        if profile.tokenCommand != nil, case .kafka(_, _, let sasl) = url, sasl != "oauthbearer" {
            throw .usage("profile '\(name)': token_command is for sasl: oauthbearer")
        }
        return url
    }

    /// The environment plus the profile's user name, password and token command.
    static func secrets(of profile: Configuration.Profile, environment: [String: String]) -> BrokerSecrets {
        BrokerSecrets(environment: environment, username: profile.username, password: profile.password, tokenCommand: profile.tokenCommand)
    }
}

/// The warnings a connection deserves on stderr before evmon uses it: certificate checks
/// switched off, or a password or token about to cross a network in plain text.
enum ConnectionWarnings {
    static func warnings(for url: BrokerURL, secrets: BrokerSecrets) -> [String] {
        var warnings: [String] = []
        if url.tls?.insecureSkipVerify == true {
            warnings.append("TLS certificate checks are off (insecure_skip_verify: true): anything between evmon and \(hosts(url)) can read and change what evmon sees")
        }
        if url.tls == nil, let secret = clearTextSecret(url, secrets), !isLoopback(url) {
            warnings.append("\(secret) goes to \(hosts(url)) without TLS: anyone on the network can read it (add tls=true)")
        }
        return warnings
    }

    /// The secret a URL without TLS would send as it is, if any.
    private static func clearTextSecret(_ url: BrokerURL, _ secrets: BrokerSecrets) -> String? {
        switch url {
        case .kafka(_, _, "plain"?): return "the SASL PLAIN password"
        case .kafka(_, _, "oauthbearer"?): return "the OAUTHBEARER token"
        case .redis:
            return secrets.variable("EVMON_REDIS_PASSWORD") != nil || secrets.password != nil ? "the Redis password" : nil
        case .nats:
            if secrets.variable("EVMON_NATS_PASSWORD") != nil { return "the NATS password" }
            return secrets.variable("EVMON_NATS_TOKEN") != nil ? "the NATS token" : nil
        default: return nil
        }
    }

    private static func hostList(_ url: BrokerURL) -> [BrokerURL.HostPort] {
        switch url {
        case .demo, .file: []
        case .kafka(let hosts, _, _): hosts
        case .redis(_, let host, _, _), .nats(let host, _): [host]
        }
    }

    private static func hosts(_ url: BrokerURL) -> String {
        hostList(url).map(\.description).joined(separator: ",")
    }

    /// `localhost`, `127.0.0.0/8` and `::1` never leave the machine.
    static func isLoopback(_ url: BrokerURL) -> Bool {
        hostList(url).allSatisfy { host in
            let name = host.host.lowercased()
            return name == "localhost" || name == "::1" || name.hasPrefix("127.")
        }
    }
}

/// A parsed broker URL (docs/CLI.md "Broker URLs"). Credentials never live here.
public enum BrokerURL: Sendable, Equatable, CustomStringConvertible {
    /// The embedded demo broker.
    case demo(DemoOptions)
    /// Kafka bootstrap servers.
    case kafka(hosts: [HostPort], tls: Bool, sasl: String?)
    /// Redis Streams.
    case redis(user: String?, host: HostPort, database: Int)
    /// NATS JetStream.
    case nats(host: HostPort)

    /// `demo://` options.
    public struct DemoOptions: Sendable, Equatable {
        /// Seed of the scenario's pseudo-random choices.
        public var seed: UInt64 = 1
        /// Orders per second.
        public var rate: Double = 20
        /// Pins when the scenario starts (epoch ms); history is written up to it. For tests.
        public var start: Int64?

        public init(seed: UInt64 = 1, rate: Double = 20, start: Int64? = nil) {
            self.seed = seed
            self.rate = rate
            self.start = start
        }
    }

    /// A host and a port.
    public struct HostPort: Sendable, Equatable, CustomStringConvertible {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// Parses a broker URL; errors name what is wrong.
    public init(parsing text: String) throws(EvmonError) {
        guard let schemeEnd = text.firstRange(of: "://") else {
            // kcat and Kafka's own tools take bare host:port lists: say how to write one here.
            let hint = text.isEmpty || text.contains(where: { $0 == "/" || $0 == " " }) ? "" : " (for a Kafka broker: kafka://\(text))"
            throw .usage("broker URL '\(text)' has no scheme; expected demo://, kafka://, redis:// or nats://\(hint)")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: [String: String] = [:]
        if let mark = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: mark)...].split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard !parts[0].isEmpty else { throw .usage("broker URL '\(text)': query part '\(pair)' has no name") }
                query[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            rest = rest[..<mark]
        }
        switch scheme {
        case "demo":
            self = .demo(try Self.demoOptions(query, url: text))
        case "kafka":
            var hosts: [HostPort] = []
            for part in rest.split(separator: ",") { hosts.append(try Self.hostPort(part, defaultPort: 9092, url: text)) }
            guard !hosts.isEmpty else { throw .usage("broker URL '\(text)' names no host") }
            let sasl = query["sasl"]
            if let sasl, !["plain", "scram-sha-256", "scram-sha-512"].contains(sasl) {
                throw .usage("broker URL '\(text)': sasl must be plain, scram-sha-256 or scram-sha-512")
            }
            self = .kafka(hosts: hosts, tls: query["tls"] == "true", sasl: sasl)
        case "redis":
            var user: String?
            if let at = rest.lastIndex(of: "@") {
                user = String(rest[..<at])
                rest = rest[rest.index(after: at)...]
            }
            var database = 0
            if let slash = rest.firstIndex(of: "/") {
                let text = rest[rest.index(after: slash)...]
                guard text.isEmpty || Int(text) != nil else { throw .usage("broker URL '\(text)': database must be a number") }
                database = Int(text) ?? 0
                rest = rest[..<slash]
            }
            self = .redis(user: user, host: try Self.hostPort(rest, defaultPort: 6379, url: text), database: database)
        case "nats":
            self = .nats(host: try Self.hostPort(rest, defaultPort: 4222, url: text))
        default:
            throw .usage("unknown broker URL scheme '\(scheme)://' in '\(text)'; expected demo://, kafka://, redis:// or nats://")
        }
    }

    private static func demoOptions(_ query: [String: String], url: String) throws(EvmonError) -> DemoOptions {
        var options = DemoOptions()
        for (name, value) in query {
            switch name {
            case "seed":
                guard let seed = UInt64(value) else { throw .usage("broker URL '\(url)': seed must be a whole number") }
                options.seed = seed
            case "rate":
                guard let rate = Double(value), rate > 0, rate <= 1_000_000 else {
                    throw .usage("broker URL '\(url)': rate must be a number of events per second in (0, 1000000]")
                }
                options.rate = rate
            case "start":
                guard let start = Int64(value), start > 0 else { throw .usage("broker URL '\(url)': start must be epoch milliseconds") }
                options.start = start
            default:
                throw .usage("broker URL '\(url)': unknown option '\(name)' (demo:// takes seed, rate, start)")
            }
        }
        return options
    }

    private static func hostPort(_ text: Substring, defaultPort: Int, url: String) throws(EvmonError) -> HostPort {
        var host = text
        var port = defaultPort
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let parsed = Int(after.dropFirst()), (1...65535).contains(parsed) else {
                    throw .usage("broker URL '\(url)': bad port in '\(text)'")
                }
                port = parsed
            } else if !after.isEmpty {
                throw .usage("broker URL '\(url)': '\(after)' after an IPv6 address is not a port")
            }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            guard let parsed = Int(host[host.index(after: colon)...]), (1...65535).contains(parsed) else {
                throw .usage("broker URL '\(url)': bad port in '\(text)'")
            }
            port = parsed
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw .usage("broker URL '\(url)' names no host") }
        // A DNS name or IPv4 address, or an IPv6 address (given in brackets): nothing else can
        // be connected to, and a stray `]`, `@` or `/` would make the URL mean something else.
        let isIPv6 = text.hasPrefix("[")
        let allowed = isIPv6 ? Self.ipv6Characters : Self.hostCharacters
        guard host.unicodeScalars.allSatisfy(allowed.contains), !isIPv6 || host.contains(":") else {
            throw .usage("broker URL '\(url)': '\(host)' is not a host name or address")
        }
        return HostPort(host: String(host), port: port)
    }

    private static let hostCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_".unicodeScalars)
    /// IPv6 addresses, with a zone after `%` (`fe80::1%eth0`).
    private static let ipv6Characters = hostCharacters.union(":%".unicodeScalars)

    public var description: String {
        switch self {
        case .demo(let options):
            var text = "demo://"
            var query: [String] = []
            if options.seed != 1 { query.append("seed=\(options.seed)") }
            if options.rate != 20 { query.append("rate=\(options.rate.formatted)") }
            if let start = options.start { query.append("start=\(start)") }
            if !query.isEmpty { text += "?" + query.joined(separator: "&") }
            return text
        case .kafka(let hosts, let tls, let sasl):
            var query: [String] = []
            if tls { query.append("tls=true") }
            if let sasl { query.append("sasl=\(sasl)") }
            return "kafka://" + hosts.map(\.description).joined(separator: ",") + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        case .redis(let user, let host, let database):
            return "redis://" + (user.map { "\($0)@" } ?? "") + host.description + (database == 0 ? "" : "/\(database)")
        case .nats(let host):
            return "nats://\(host)"
        }
    }
}

extension Double {
    /// `20` for whole numbers, `0.5` otherwise: how people write rates.
    var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed broker URL (docs/CLI.md "Broker URLs"). Credentials never live here.
public enum BrokerURL: Sendable, Equatable, CustomStringConvertible {
    /// The embedded demo broker.
    case demo(DemoOptions)
    /// Kafka bootstrap servers; `tls` when the connection is encrypted, `sasl` the mechanism.
    case kafka(hosts: [HostPort], tls: TLSOptions?, sasl: String?)
    /// Redis Streams (`rediss://` when `tls` is set).
    case redis(user: String?, host: HostPort, database: Int, tls: TLSOptions?)
    /// NATS JetStream (`tls://`, or `nats://…?tls=true`, when `tls` is set).
    case nats(host: HostPort, tls: TLSOptions?)
    /// A capture: a file of `tail --format json` lines, read as a broker (read-only).
    case file(path: String)

    /// The SASL mechanisms a `kafka://` URL may name.
    public static let saslMechanisms = ["plain", "scram-sha-256", "scram-sha-512", "oauthbearer"]

    /// Whether this is a Kafka cluster (record batches, codecs, partitions of their own).
    public var isKafka: Bool {
        if case .kafka = self { return true }
        return false
    }

    /// The TLS options of a URL that asks for TLS.
    public var tls: TLSOptions? {
        switch self {
        case .demo, .file: nil
        case .kafka(_, let tls, _), .redis(_, _, _, let tls), .nats(_, let tls): tls
        }
    }

    /// This URL with its TLS options replaced (a profile's `tls:` fills them in). The demo
    /// broker has no connection to encrypt.
    public func withTLS(_ tls: TLSOptions?) -> BrokerURL {
        switch self {
        case .demo, .file: self
        case .kafka(let hosts, _, let sasl): .kafka(hosts: hosts, tls: tls, sasl: sasl)
        case .redis(let user, let host, let database, _): .redis(user: user, host: host, database: database, tls: tls)
        case .nats(let host, _): .nats(host: host, tls: tls)
        }
    }

    /// `demo://` options.
    public struct DemoOptions: Sendable, Equatable {
        /// Seed of the scenario's pseudo-random choices.
        public var seed: UInt64 = 1
        /// Orders per second.
        public var rate: Double = 20
        /// Pins when the scenario starts (epoch ms); history is written up to it. For tests.
        public var start: Int64?
        /// Adds `payments`, Avro framed for a schema registry the demo serves itself.
        public var avro = false

        public init(seed: UInt64 = 1, rate: Double = 20, start: Int64? = nil, avro: Bool = false) {
            self.seed = seed
            self.rate = rate
            self.start = start
            self.avro = avro
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
            throw .usage("broker URL '\(text)' has no scheme; expected demo://, kafka://, redis://, rediss://, nats:// or file://\(hint)")
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        if scheme == "file" {
            // The whole rest is a path: `?` and `&` may be part of a file name.
            self = .file(path: try Self.capturePath(text[schemeEnd.upperBound...], url: text))
            return
        }
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
            // schema_registry= is the schema registry's URL, read beside the broker's (SchemaSettings).
            try Self.refuseUnknown(query, allowed: TLSOptions.queryNames.union(["tls", "sasl", "schema_registry"]), url: text)
            let sasl = query["sasl"]
            if let sasl, !Self.saslMechanisms.contains(sasl) {
                throw .usage("broker URL '\(text)': sasl must be \(Self.saslMechanisms.joined(separator: ", "))")
            }
            self = .kafka(hosts: hosts, tls: try Self.tlsOption(query, url: text), sasl: sasl)
        case "redis", "rediss":
            var user: String?
            if let at = rest.lastIndex(of: "@") {
                user = String(rest[..<at])
                // A password in the URL would end up in shell history and process lists.
                guard !(user ?? "").contains(":") else {
                    // The error must not repeat the password it refuses.
                    let redacted = scheme + "://" + (user ?? "").prefix { $0 != ":" } + ":…@" + rest[rest.index(after: at)...]
                    throw .usage("broker URL '\(redacted)': put the password in EVMON_REDIS_PASSWORD, not in the URL")
                }
                rest = rest[rest.index(after: at)...]
            }
            var database = 0
            if let slash = rest.firstIndex(of: "/") {
                let number = rest[rest.index(after: slash)...]
                guard number.isEmpty || Int(number) != nil else { throw .usage("broker URL '\(text)': database must be a number") }
                database = Int(number) ?? 0
                rest = rest[..<slash]
            }
            var tls: TLSOptions?
            if scheme == "rediss" {
                try Self.refuseUnknown(query, allowed: TLSOptions.queryNames, url: text)
                tls = try TLSOptions.fromQuery(query, url: text)
            } else {
                try Self.refuseUnknown(query, allowed: [], url: text, hint: query.keys.contains { TLSOptions.queryNames.contains($0) } ? " (TLS is rediss://)" : "")
            }
            self = .redis(user: user, host: try Self.hostPort(rest, defaultPort: 6379, url: text), database: database, tls: tls)
        case "nats", "tls":
            try Self.refuseUnknown(query, allowed: TLSOptions.queryNames.union(["tls"]), url: text)
            var tls = try Self.tlsOption(query, url: text)
            if scheme == "tls", tls == nil { tls = try TLSOptions.fromQuery(query, url: text) }
            self = .nats(host: try Self.hostPort(rest, defaultPort: 4222, url: text), tls: tls)
        default:
            throw .usage("unknown broker URL scheme '\(scheme)://' in '\(text)'; expected demo://, kafka://, redis://, rediss://, nats://, tls:// or file://")
        }
    }

    /// `tls=true` (or any of `ca=`, `cert=`, `key=`, which only make sense with TLS) asks for TLS.
    private static func tlsOption(_ query: [String: String], url: String) throws(EvmonError) -> TLSOptions? {
        switch query["tls"] {
        case nil, "false":
            guard query.keys.contains(where: TLSOptions.queryNames.contains) else { return nil }
            guard query["tls"] == nil else { throw .usage("broker URL '\(url)': ca=, cert= and key= need TLS, but the URL says tls=false") }
            return try TLSOptions.fromQuery(query, url: url)
        case "true":
            return try TLSOptions.fromQuery(query, url: url)
        case let value?:
            throw .usage("broker URL '\(url)': tls must be true or false, not '\(value)'")
        }
    }

    /// A misspelt option must not be ignored: `tsl=true` would otherwise connect in plain text.
    private static func refuseUnknown(_ query: [String: String], allowed: Set<String>, url: String, hint: String = "") throws(EvmonError) {
        guard let unknown = query.keys.sorted().first(where: { !allowed.contains($0) }) else { return }
        let known = allowed.isEmpty ? "takes no options" : "takes " + allowed.sorted().joined(separator: ", ")
        let scheme = url.firstRange(of: "://").map { String(url[..<$0.upperBound]) } ?? ""
        throw .usage("broker URL '\(url)': unknown option '\(unknown)' (\(scheme) \(known))\(hint)")
    }

    /// `file:///abs/capture.jsonl`, `file://relative.jsonl` or `file://~/capture.jsonl`.
    private static func capturePath(_ rest: Substring, url: String) throws(EvmonError) -> String {
        guard !rest.isEmpty else { throw .usage("broker URL '\(url)' names no file (file:///path/capture.jsonl)") }
        if rest.hasPrefix("~/"), let home = homeDirectory { return home + rest.dropFirst() }
        return String(rest)
    }

    /// `$HOME`, read without Foundation (this target does no I/O).
    private static var homeDirectory: String? {
        guard let value = getenv("HOME") else { return nil }
        return String(cString: value)
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
            case "avro":
                guard let flag = Bool(value) else { throw .usage("broker URL '\(url)': avro must be true or false") }
                options.avro = flag
            default:
                throw .usage("broker URL '\(url)': unknown option '\(name)' (demo:// takes seed, rate, start, avro)")
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
        guard Self.isHost(host, bracketed: text.hasPrefix("[")) else {
            throw .usage("broker URL '\(url)': '\(host)' is not a host name or address")
        }
        return HostPort(host: String(host), port: port)
    }

    /// Whether `host` is a DNS name or IPv4 address, or (`bracketed`, as URLs write it) an IPv6
    /// address: what every URL evmon reads may name, for brokers and schema registries alike.
    public static func isHost(_ host: Substring, bracketed: Bool) -> Bool {
        let allowed = bracketed ? ipv6Characters : hostCharacters
        return !host.isEmpty && host.unicodeScalars.allSatisfy(allowed.contains) && (!bracketed || host.contains(":"))
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
            if options.avro { query.append("avro=true") }
            if !query.isEmpty { text += "?" + query.joined(separator: "&") }
            return text
        case .kafka(let hosts, let tls, let sasl):
            var query: [String] = []
            if let tls { query += ["tls=true"] + tls.queryParts }
            if let sasl { query.append("sasl=\(sasl)") }
            return "kafka://" + hosts.map(\.description).joined(separator: ",") + Self.query(query)
        case .redis(let user, let host, let database, let tls):
            return (tls == nil ? "redis://" : "rediss://") + (user.map { "\($0)@" } ?? "") + host.description
                + (database == 0 ? "" : "/\(database)") + Self.query(tls?.queryParts ?? [])
        case .nats(let host, let tls):
            return tls.map { "tls://\(host)" + Self.query($0.queryParts) } ?? "nats://\(host)"
        case .file(let path):
            return "file://" + path
        }
    }
}

extension BrokerURL {
    fileprivate static func query(_ parts: [String]) -> String {
        parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

extension Double {
    /// `20` for whole numbers, `0.5` otherwise: how people write rates.
    var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}

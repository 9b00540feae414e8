extension BrokerURL {
    /// Whether both URLs reach the same cluster: a Kafka bootstrap server in common, the same
    /// Redis or NATS server (whatever database or user), or both the demo broker. A profile's
    /// `read_only: true` follows its cluster, so naming that cluster with `--broker` or
    /// `EVMON_BROKER` keeps writes refused.
    public func sharesCluster(with other: BrokerURL) -> Bool {
        switch (self, other) {
        case (.demo, .demo):
            return true
        case (.file(let path), .file(let otherPath)):
            return path == otherPath
        case (.kafka(let hosts, _, _), .kafka(let otherHosts, _, _)):
            let mine = Set(hosts.map(\.normalized))
            return otherHosts.contains { mine.contains($0.normalized) }
        case (.redis(_, let host, _, _), .redis(_, let otherHost, _, _)), (.nats(let host, _), .nats(let otherHost, _)):
            return host.normalized == otherHost.normalized
        default:
            return false
        }
    }
}

extension BrokerURL.HostPort {
    /// Host names compare without case; `localhost` and `127.0.0.1` are one host.
    var normalized: String {
        let lowered = host.lowercased()
        let canonical = lowered == "localhost" || lowered == "::1" ? "127.0.0.1" : lowered
        return "\(canonical):\(port)"
    }
}

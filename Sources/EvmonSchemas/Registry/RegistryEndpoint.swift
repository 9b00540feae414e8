import EvmonModel

/// Where a schema registry is and how to reach it: `http://host:port[/path]` or `https://…`
/// (TLS, checked against the system's trust store or `ca`), with basic auth from
/// `EVMON_SCHEMA_REGISTRY_USER` / `EVMON_SCHEMA_REGISTRY_PASSWORD` when they are set.
public struct RegistryEndpoint: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// The path the API's routes are under (`/` for most registries; a proxy may add one).
    public var basePath: String
    public var tls: TLSOptions?
    /// `user:password`, sent as HTTP basic auth.
    public var credentials: (user: String, password: String)?

    /// Parses `text` (from `schema_registry=` on a broker URL or a profile's `schema_registry:`);
    /// `source` names where it was written for the error.
    public init(parsing text: String, source: String, environment: [String: String], tlsFiles: TLSOptions? = nil) throws(EvmonError) {
        let lower = text.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            rest = text.dropFirst(7)
            port = 80
        } else if lower.hasPrefix("https://") {
            rest = text.dropFirst(8)
            port = 443
            tls = tlsFiles ?? TLSOptions()
        } else {
            throw .usage("\(source): schema registry '\(text)' must start with http:// or https://")
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<slash]
        basePath = rest[slash...].isEmpty ? "/" : String(rest[slash...])
        if !basePath.hasSuffix("/") { basePath += "/" }
        guard !authority.contains("@") else {
            throw .usage("\(source): schema registry '\(text)': give credentials in EVMON_SCHEMA_REGISTRY_USER and EVMON_SCHEMA_REGISTRY_PASSWORD, not in the URL")
        }
        let bracketed = authority.hasPrefix("[")
        if bracketed, let close = authority.firstIndex(of: "]") {
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            authority = authority[authority.index(after: close)...]
            if authority.hasPrefix(":") {
                port = try Self.port(authority.dropFirst(), text: text, source: source)
            } else if !authority.isEmpty {
                throw .usage("\(source): schema registry '\(text)': '\(authority)' after the address")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            port = try Self.port(authority[authority.index(after: colon)...], text: text, source: source)
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw .usage("\(source): schema registry '\(text)' names no host") }
        // The host and path go into the request line and the Host header: nothing that could
        // end a line or a field there.
        guard BrokerURL.isHost(Substring(host), bracketed: bracketed) else {
            throw .usage("\(source): schema registry '\(text)': '\(host)' is not a host name or address")
        }
        guard basePath.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "?" && $0 != "#" }) else {
            throw .usage("\(source): schema registry '\(text)': the path may hold no spaces, control characters, ? or #")
        }
        if tls == nil, tlsFiles != nil { throw .usage("\(source): schema registry '\(text)': a CA file needs https://") }
        if let user = environment["EVMON_SCHEMA_REGISTRY_USER"], !user.isEmpty {
            credentials = (user, environment["EVMON_SCHEMA_REGISTRY_PASSWORD"] ?? "")
        }
    }

    private static func port(_ text: Substring, text whole: String, source: String) throws(EvmonError) -> Int {
        guard let port = Int(text), (1...65_535).contains(port) else { throw .usage("\(source): schema registry '\(whole)' has a bad port '\(text)'") }
        return port
    }

    /// `http://host:port/path/`: for messages (no credentials); it parses back to this endpoint.
    public var displayURL: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return (tls == nil ? "http://" : "https://") + shownHost + ":\(port)" + (basePath == "/" ? "" : basePath)
    }

    public static func == (lhs: RegistryEndpoint, rhs: RegistryEndpoint) -> Bool {
        lhs.displayURL == rhs.displayURL && lhs.tls == rhs.tls && lhs.credentials?.user == rhs.credentials?.user
            && lhs.credentials?.password == rhs.credentials?.password
    }
}

import Foundation

/// The fields of the server's `INFO` this client acts on; others are ignored.
public struct NATSServerInfo: Sendable, Equatable, Decodable {
    public var serverID: String?
    public var version: String?
    public var proto: Int?
    public var headers: Bool?
    /// Largest message (headers and payload) the server accepts from a client.
    public var maxPayload: Int?
    /// Present and true only on servers started with JetStream.
    public var jetstream: Bool?
    public var authRequired: Bool?
    /// The server takes TLS connections only.
    public var tlsRequired: Bool?
    /// The server takes TLS but does not insist on it.
    public var tlsAvailable: Bool?
    /// What NKey and JWT credentials sign in CONNECT.
    public var nonce: String?

    enum CodingKeys: String, CodingKey {
        case serverID = "server_id", version, proto, headers
        case maxPayload = "max_payload", jetstream
        case authRequired = "auth_required", tlsRequired = "tls_required", tlsAvailable = "tls_available", nonce
    }

    public init(serverID: String? = nil, version: String? = nil, proto: Int? = nil, headers: Bool? = nil, maxPayload: Int? = nil, jetstream: Bool? = nil, authRequired: Bool? = nil, tlsRequired: Bool? = nil, nonce: String? = nil) {
        self.serverID = serverID
        self.version = version
        self.proto = proto
        self.headers = headers
        self.maxPayload = maxPayload
        self.jetstream = jetstream
        self.authRequired = authRequired
        self.tlsRequired = tlsRequired
        self.nonce = nonce
    }

    /// Decodes the JSON of an `INFO` line.
    public init(json: some Collection<UInt8>) throws(NATSWireError) {
        do {
            self = try JSONDecoder().decode(NATSServerInfo.self, from: Data(json))
        } catch {
            throw .badServerInfo(String(describing: error).prefix(200).description)
        }
    }
}

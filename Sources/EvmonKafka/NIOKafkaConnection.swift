import Foundation
import EvmonBrokerKit
import KafkaWire
import NIOCore

/// A TCP connection to one broker on SwiftNIO, with the versions it negotiated.
final class NIOKafkaConnection: KafkaBrokerConnection, @unchecked Sendable {
    // @unchecked: `channel` and `versions` are set once before the connection is shared;
    // the correlation counter is guarded by `lock`.
    private let channel: any Channel
    private(set) var versions = ApiVersionTable(ranges: [:])
    private let lock = NSLock()
    private var nextCorrelationID: Int32 = 1
    /// When to stop using this connection, if the broker limits the session's life.
    private var expiresAt: ContinuousClock.Instant?
    /// How long a request may wait for its answer beyond what it asked the broker to wait.
    private let requestTimeout: TimeAmount

    /// Over `channel`, whose pipeline frames and matches responses; `versions` are for tests,
    /// which skip the handshake (`connect` negotiates them).
    init(channel: any Channel, requestTimeout: TimeAmount, versions: ApiVersionTable = ApiVersionTable(ranges: [:])) {
        self.channel = channel
        self.requestTimeout = requestTimeout
        self.versions = versions
    }

    /// Connects (over TLS when `tls` is given, checking the certificate of this very broker),
    /// negotiates versions with ApiVersions, and authenticates when asked.
    static func connect(
        host: String, port: Int, connectTimeout: TimeAmount, requestTimeout: TimeAmount, tls: TLSClient?, sasl: KafkaAuthentication?
    ) async throws -> NIOKafkaConnection {
        let channel: any Channel
        do {
            channel = try await BrokerSocket.connect(host: host, port: port, connectTimeout: connectTimeout, tls: tls) { channel in
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder()))
                try channel.pipeline.syncOperations.addHandler(OrderedReplyHandler(failures: .kafka))
            }
        } catch let failure as TLSFailure {
            // A certificate that is not trusted stays untrusted: no retry will fix it.
            throw failure.isFinal ? KafkaConnectionError.authenticationFailed(failure.description) : KafkaConnectionError.connectFailed(failure.description)
        } catch {
            throw KafkaConnectionError.connectFailed(NetworkErrorText.describe(error))
        }
        let connection = NIOKafkaConnection(channel: channel, requestTimeout: requestTimeout)
        do {
            try await connection.negotiate()
            if let sasl { try await connection.authenticate(sasl) }
        } catch {
            connection.close()
            let explained = BrokerSocket.explainAfterHandshake(error, on: channel)
            if let failure = explained as? TLSFailure { throw KafkaConnectionError.authenticationFailed(failure.description) }
            throw error
        }
        return connection
    }

    /// A broker that accepts but never answers must still make evmon give up within 10 s.
    private static let handshakeTimeout: TimeAmount = .seconds(4)

    private func negotiate() async throws {
        var response = try await roundTrip(ApiVersionsRequest(), as: ApiVersionsResponse.self, version: 3, timeout: Self.handshakeTimeout)
        if response.errorCode == KafkaErrorCode.unsupportedVersion.rawValue {
            response = try await roundTrip(ApiVersionsRequest(), as: ApiVersionsResponse.self, version: 0, timeout: Self.handshakeTimeout)
        }
        guard response.errorCode == 0 else {
            throw KafkaConnectionError.connectFailed("ApiVersions failed: \(KafkaErrorCode.describe(response.errorCode))")
        }
        versions = response.table
    }

    private func authenticate(_ sasl: KafkaAuthentication) async throws {
        let handshake = try await send(SaslHandshakeRequest(mechanism: sasl.mechanism), as: SaslHandshakeResponse.self)
        guard handshake.errorCode == 0 else {
            throw KafkaConnectionError.authenticationFailed(
                "the broker does not take SASL \(sasl.mechanism) (it takes \(handshake.mechanisms.joined(separator: ", ")))")
        }
        switch sasl {
        case .plain(let username, let password):
            // authzid NUL authcid NUL password
            try await exchange([0] + Array(username.utf8) + [0] + Array(password.utf8), rejected: "SASL PLAIN: user name or password rejected")
        case .scram(let hash, let username, let password):
            var client = SCRAMClient(hash: hash, username: username, password: password)
            do {
                let serverFirst = try await exchange(client.firstMessage, rejected: "\(hash.rawValue): user name rejected")
                let serverFinal = try await exchange(try client.finalMessage(serverFirst: serverFirst), rejected: "\(hash.rawValue) proof rejected: wrong user name or password")
                try client.verify(serverFinal: serverFinal)
            } catch let failure as SCRAMClient.Failure {
                throw KafkaConnectionError.authenticationFailed("\(hash.rawValue): \(failure)")
            }
        case .oauthBearer(let source):
            let token: String
            do {
                token = try await source.token()
            } catch {
                throw KafkaConnectionError.authenticationFailed(String(describing: error))
            }
            // RFC 7628's initial client response: no channel binding, the token, no extensions.
            try await exchange(Array("n,,\u{1}auth=Bearer \(token)\u{1}\u{1}".utf8), rejected: "OAUTHBEARER token rejected")
        }
    }

    /// One SaslAuthenticate round: sends `bytes`, returns the broker's challenge. A refusal is
    /// `rejected` plus what the broker said.
    @discardableResult
    private func exchange(_ bytes: [UInt8], rejected: String) async throws -> [UInt8] {
        let answer = try await send(SaslAuthenticateRequest(authBytes: bytes), as: SaslAuthenticateResponse.self)
        guard answer.errorCode == 0 else {
            let said = answer.errorMessage.map { " (the broker said: \($0))" } ?? " (\(KafkaErrorCode.describe(answer.errorCode)))"
            throw KafkaConnectionError.authenticationFailed(rejected + said)
        }
        if answer.sessionLifetimeMilliseconds > 0 {
            // KIP-368: the broker ends the session then; a fresh connection authenticates anew.
            // The broker's number is bounded: under a second would mean a connection a request,
            // over a week is as good as never.
            let lifetime = Duration.milliseconds(min(max(answer.sessionLifetimeMilliseconds, 1_000), 7 * 24 * 3_600_000))
            lock.withLock { expiresAt = ContinuousClock.now + lifetime * 0.85 }
        }
        return answer.authBytes
    }

    /// Whether the broker's session is about to end (KIP-368); the cluster then opens a new
    /// connection rather than send on this one.
    var isExpiring: Bool {
        lock.withLock { expiresAt.map { ContinuousClock.now >= $0 } ?? false }
    }

    func send<Request: KafkaRequest, Response: KafkaResponse>(_ request: Request, as type: Response.Type) async throws -> Response {
        guard let version = versions.version(for: Request.api) else { throw KafkaConnectionError.unsupportedApi(Request.api) }
        return try await roundTrip(request, as: type, version: version)
    }

    private func roundTrip<Request: KafkaRequest, Response: KafkaResponse>(
        _ request: Request, as type: Response.Type, version: Int16, timeout: TimeAmount? = nil
    ) async throws -> Response {
        let correlationID = lock.withLock {
            defer { nextCorrelationID = nextCorrelationID == .max ? 1 : nextCorrelationID + 1 }
            return nextCorrelationID
        }
        let frame = KafkaFraming.encode(request, version: version, correlationID: correlationID, clientID: "evmon", allocator: channel.allocator)
        var wait = timeout ?? requestTimeout
        if let fetch = request as? FetchRequest { wait = wait + .milliseconds(Int64(fetch.maximumWaitMilliseconds)) }
        let reply = OrderedReplyHandler.send(
            frame, replies: 1, on: channel, timeout: wait, timedOut: KafkaConnectionError.timedOut(Request.api), notSent: KafkaConnectionError.closed)[0]
        let response = try await reply.get()
        return try KafkaFraming.decode(type, api: Request.api, version: version, frame: response, correlationID: correlationID)
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// The real connector: NIO sockets, timeouts, optional TLS and SASL.
struct NIOKafkaConnector: KafkaConnector {
    var connectTimeout: TimeAmount = .seconds(3)
    var requestTimeout: TimeAmount = .seconds(8)
    var tls: TLSClient?
    var sasl: KafkaAuthentication?

    func connect(host: String, port: Int) async throws -> any KafkaBrokerConnection {
        try await NIOKafkaConnection.connect(
            host: host, port: port, connectTimeout: connectTimeout, requestTimeout: requestTimeout, tls: tls, sasl: sasl)
    }
}

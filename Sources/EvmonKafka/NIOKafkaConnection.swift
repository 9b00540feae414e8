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
    /// How long a request may wait for its answer beyond what it asked the broker to wait.
    private let requestTimeout: TimeAmount

    /// Over `channel`, whose pipeline frames and matches responses; `versions` are for tests,
    /// which skip the handshake (`connect` negotiates them).
    init(channel: any Channel, requestTimeout: TimeAmount, versions: ApiVersionTable = ApiVersionTable(ranges: [:])) {
        self.channel = channel
        self.requestTimeout = requestTimeout
        self.versions = versions
    }

    /// Connects, negotiates versions with ApiVersions, and authenticates when asked.
    static func connect(
        host: String, port: Int, connectTimeout: TimeAmount, requestTimeout: TimeAmount, sasl: KafkaSASL?
    ) async throws -> NIOKafkaConnection {
        let channel: any Channel
        do {
            channel = try await BrokerSocket.connect(host: host, port: port, connectTimeout: connectTimeout) { channel in
                try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder()))
                try channel.pipeline.syncOperations.addHandler(OrderedReplyHandler(failures: .kafka))
            }
        } catch {
            throw KafkaConnectionError.connectFailed(NetworkErrorText.describe(error))
        }
        let connection = NIOKafkaConnection(channel: channel, requestTimeout: requestTimeout)
        do {
            try await connection.negotiate()
            if let sasl { try await connection.authenticate(sasl) }
        } catch {
            connection.close()
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

    private func authenticate(_ sasl: KafkaSASL) async throws {
        let handshake = try await send(SaslHandshakeRequest(mechanism: sasl.mechanism), as: SaslHandshakeResponse.self)
        guard handshake.errorCode == 0 else {
            throw KafkaConnectionError.authenticationFailed(
                "the broker does not take SASL \(sasl.mechanism) (it takes \(handshake.mechanisms.joined(separator: ", ")))")
        }
        let answer = try await send(SaslAuthenticateRequest(authBytes: sasl.initialResponse), as: SaslAuthenticateResponse.self)
        guard answer.errorCode == 0 else {
            throw KafkaConnectionError.authenticationFailed(answer.errorMessage ?? KafkaErrorCode.describe(answer.errorCode))
        }
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

/// The real connector: NIO sockets, timeouts, optional SASL PLAIN.
struct NIOKafkaConnector: KafkaConnector {
    var connectTimeout: TimeAmount = .seconds(3)
    var requestTimeout: TimeAmount = .seconds(8)
    var sasl: KafkaSASL?

    func connect(host: String, port: Int) async throws -> any KafkaBrokerConnection {
        try await NIOKafkaConnection.connect(
            host: host, port: port, connectTimeout: connectTimeout, requestTimeout: requestTimeout, sasl: sasl)
    }
}

import EvmonBrokerKit
import EvmonModel
import EvmonSchemas
import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 GET on its own connection (`Connection: close`): a registry is asked once per
/// schema id, so a pool would buy nothing. The answer is bounded in size and time, since a
/// hostile or broken server must not hang or exhaust evmon.
enum HTTPGet {
    struct Response: Sendable {
        var status: Int
        var body: [UInt8]
    }

    /// A body larger than this is refused (the largest real schemas are a few hundred KB).
    static let maximumBody = 8 * 1024 * 1024

    static func get(_ endpoint: RegistryEndpoint, path: String, timeout: TimeAmount) async throws -> Response {
        let tls = try endpoint.tls.map { options throws(EvmonError) in try TLSClient(options, keyPassword: nil) }
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.any().makePromise(of: Response.self)
        let channel: any Channel
        do {
            channel = try await BrokerSocket.connect(host: endpoint.host, port: endpoint.port, connectTimeout: timeout, tls: tls) { channel in
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise, limit: maximumBody))
            }
        } catch {
            // NIO insists that every promise is completed, this one included.
            promise.fail(error)
            throw error
        }
        let deadline = channel.eventLoop.scheduleTask(in: timeout) {
            promise.fail(RegistryTimeout(seconds: timeout.nanoseconds / 1_000_000_000))
            channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.host.contains(":") ? "[\(endpoint.host)]:\(endpoint.port)" : "\(endpoint.host):\(endpoint.port)")
        headers.add(name: "Accept", value: "application/vnd.schemaregistry.v1+json, application/json")
        headers.add(name: "Connection", value: "close")
        headers.add(name: "User-Agent", value: "evmon")
        if let credentials = endpoint.credentials {
            headers.add(name: "Authorization", value: "Basic " + Base64.encode(Array("\(credentials.user):\(credentials.password)".utf8)))
        }
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: endpoint.basePath + path, headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        return try await promise.futureResult.get()
    }
}

/// The registry did not answer within the time allowed.
struct RegistryTimeout: Error, CustomStringConvertible {
    var seconds: Int64
    var description: String { "no answer within \(seconds) s" }
}

/// Gathers one response; fails on a body past `limit` or a connection that closes first.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<HTTPGet.Response>
    private let limit: Int
    private var status = 0
    private var body: [UInt8] = []

    init(promise: EventLoopPromise<HTTPGet.Response>, limit: Int) {
        self.promise = promise
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= limit else {
                promise.fail(ResponseTooLarge(limit: limit))
                context.close(promise: nil)
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            promise.succeed(HTTPGet.Response(status: status, body: body))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ConnectionClosedEarly())
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}

struct ResponseTooLarge: Error, CustomStringConvertible {
    var limit: Int
    var description: String { "an answer larger than \(limit / 1024 / 1024) MiB" }
}

struct ConnectionClosedEarly: Error, CustomStringConvertible {
    var description: String { "the connection closed before a whole answer" }
}

import NIOCore
import NIOPosix

/// The TCP connection every broker client opens the same way: no Nagle delay (requests are
/// small and waited on), a receive buffer that grows with what the broker sends, and the
/// protocol's handlers added by `handlers` when the channel is made.
public enum BrokerSocket {
    /// Connects to `host:port` on `group` (the shared event loops unless a client wants one
    /// loop). Errors are NIO's; `NetworkErrorText` words them.
    public static func connect(
        host: String, port: Int, connectTimeout: TimeAmount, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        initialReceiveBuffer: Int = 64 * 1024, minimumReceiveBuffer: Int = 1024,
        handlers: @escaping @Sendable (any Channel) throws -> Void
    ) async throws -> any Channel {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(minimum: minimumReceiveBuffer, initial: initialReceiveBuffer, maximum: 1024 * 1024))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try handlers(channel) }
            }
        return try await bootstrap.connect(host: host, port: port).get()
    }
}

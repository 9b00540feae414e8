import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A TCP listener on loopback that sends one INFO line to each client and records what clients send.
final class FakeServer: Sendable {
    private let channel: any Channel
    private let recorder: Recorder

    private init(channel: any Channel, recorder: Recorder) {
        self.channel = channel
        self.recorder = recorder
    }

    var received: String { recorder.bytes.withLock { $0 } }

    static func start(info: String) async throws -> (FakeServer, Int) {
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(RecordingHandler(info: info, recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = FakeServer(channel: channel, recorder: recorder)
        return (server, channel.localAddress?.port ?? 0)
    }

    func stop() {
        channel.close(promise: nil)
    }

    final class Recorder: Sendable {
        let bytes = Mutex("")
    }

    final class RecordingHandler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let info: String
        let recorder: Recorder

        init(info: String, recorder: Recorder) {
            self.info = info
            self.recorder = recorder
        }

        func channelActive(context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: info + "\r\n")), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let text = String(buffer: unwrapInboundIn(data))
            recorder.bytes.withLock { $0 += text }
        }
    }
}

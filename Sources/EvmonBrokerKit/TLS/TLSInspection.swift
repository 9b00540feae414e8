import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// After a certificate check failed, a second connection with the checks off fetches what the
/// server presents, so the error can say whether it expired, whom it was issued by, or which
/// names it carries. Nothing is sent over that connection.
enum TLSInspection {
    /// The failure `error` stands for at `host:port`.
    static func explain(
        _ error: any Error, host: String, port: Int, client: TLSClient, connectTimeout: TimeAmount
    ) async -> any Error {
        let server = "\(host):\(port)"
        if let failure = TLSFailure.classify(error, server: server, presentedCertificate: client.options.certificateFile != nil) {
            return failure
        }
        guard TLSFailure.needsInspection(error) else {
            if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
                return TLSFailure.handshakeFailed(server: server, reason: TLSFailure.boringSSLReason(error))
            }
            return error
        }
        let hostnameFailed = (error as? NIOSSLExtraError) == .failedToValidateHostname
        guard let leaf = await peerCertificate(host: host, port: port, client: client, connectTimeout: connectTimeout) else {
            return TLSFailure.handshakeFailed(server: server, reason: hostnameFailed ? "host name mismatch" : "certificate verification failed")
        }
        let now = time_t(Date().timeIntervalSince1970)
        if hostnameFailed { return TLSFailure.hostnameMismatch(server: server, host: host, names: names(of: leaf)) }
        if leaf.notValidAfter < now { return TLSFailure.expired(server: server, date: day(leaf.notValidAfter)) }
        if leaf.notValidBefore > now { return TLSFailure.notYetValid(server: server, date: day(leaf.notValidBefore)) }
        let issuer = distinguishedName(leaf.issuerName)
        return TLSFailure.untrusted(
            server: server, issuer: issuer, selfSigned: issuer == distinguishedName(leaf.subjectName), trustSource: client.trustSource)
    }

    private static func peerCertificate(host: String, port: Int, client: TLSClient, connectTimeout: TimeAmount) async -> NIOSSLCertificate? {
        guard let context = client.inspecting() else { return nil }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let handshake = loop.makePromise(of: Void.self)
        let timer = loop.scheduleTask(in: connectTimeout) { handshake.fail(ChannelError.connectTimeout(connectTimeout)) }
        defer { timer.cancel() }
        let serverName = TLSClient.isIPAddress(host) ? nil : host
        guard let channel = try? await ClientBootstrap(group: loop).connectTimeout(connectTimeout).channelInitializer({ channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
                try channel.pipeline.syncOperations.addHandler(TLSHandshakeWatch(done: handshake, server: "\(host):\(port)", presentedCertificate: false))
            }
        }).connect(host: host, port: port).get() else {
            handshake.fail(ChannelError.ioOnClosedChannel)
            return nil
        }
        defer { channel.close(promise: nil) }
        guard (try? await handshake.futureResult.get()) != nil else { return nil }
        return try? await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate
        }.get()
    }

    /// `CN=evmon test CA, O=…`: the parts people recognise, common name first.
    static func distinguishedName(_ parts: [SSLCertificateName]) -> String {
        let labels: [(SSLCertificateNameType, String)] = [(.commonName, "CN"), (.organization, "O"), (.organizationalUnit, "OU"), (.country, "C")]
        let named = labels.flatMap { type, label in parts.filter { $0.type == type }.map { "\(label)=\($0.value)" } }
        return named.isEmpty ? "an unnamed issuer" : named.joined(separator: ", ")
    }

    /// The DNS names and IP addresses a certificate is for, or its common name when it has none.
    static func names(of certificate: NIOSSLCertificate) -> [String] {
        var names: [String] = []
        for name in certificate._subjectAlternativeNames() {
            switch name.nameType {
            case .dnsName: names.append(String(decoding: name.contents, as: UTF8.self))
            case .ipAddress: names.append(ipAddress(Array(name.contents)))
            default: break
            }
        }
        if names.isEmpty { names = certificate.subjectName.filter { $0.type == .commonName }.map(\.value) }
        return names
    }

    /// `127.0.0.1`, or IPv6 as eight hex groups.
    static func ipAddress(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return bytes.map { String($0, radix: 16) }.joined(separator: ":") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    private static func day(_ time: time_t) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
    }
}

import Foundation
import NIOCore
import NIOSSL
import EvmonModel

/// The TLS side of every broker connection: one BoringSSL context per adapter, made from the
/// URL's or profile's `TLSOptions`, and a handler per connection that checks the certificate
/// chain and the host name of whichever broker the connection goes to.
public struct TLSClient: Sendable, Equatable {
    /// What the context was made from: errors name the trust source.
    public let options: TLSOptions
    let context: NIOSSLContext

    /// Loads the CA, certificate and key files. A file that cannot be read, or an encrypted key
    /// without (or with the wrong) `EVMON_TLS_KEY_PASSWORD`, is a usage error that names the file.
    public init(_ options: TLSOptions, keyPassword: String?) throws(EvmonError) {
        self.options = options
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let caFile = options.caFile {
            configuration.trustRoots = .certificates(try Self.certificates(caFile, what: "ca"))
        }
        if let certificateFile = options.certificateFile, let keyFile = options.keyFile {
            configuration.certificateChain = try Self.certificates(certificateFile, what: "cert").map { .certificate($0) }
            configuration.privateKey = .privateKey(try Self.privateKey(keyFile, password: keyPassword))
        }
        if options.insecureSkipVerify { configuration.certificateVerification = .none }
        do {
            context = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .usage("TLS settings: \(TLSFailure.boringSSLReason(error)) (do cert= and key= belong together?)")
        }
    }

    /// The client handler for a connection to `host`: SNI and host-name checks use the name, and
    /// an IP address is checked against the certificate's IP addresses instead.
    func handler(host: String) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: Self.isIPAddress(host) ? nil : host)
    }

    /// The handler that waits for the handshake and words later TLS alerts.
    func watch(done: EventLoopPromise<Void>, host: String, port: Int) -> TLSHandshakeWatch {
        TLSHandshakeWatch(done: done, server: "\(host):\(port)", presentedCertificate: options.certificateFile != nil)
    }

    /// A context with certificate checks off (and no client certificate): only to look at what
    /// a server presents after a check failed, never to talk to it.
    func inspecting() -> NIOSSLContext? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try? NIOSSLContext(configuration: configuration)
    }

    public static func == (lhs: TLSClient, rhs: TLSClient) -> Bool {
        lhs.options == rhs.options && lhs.context === rhs.context
    }

    /// Where trust comes from, as an error names it.
    var trustSource: String {
        options.caFile.map { "ca=\($0)" } ?? "the system trust store"
    }

    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    private static func readable(_ path: String, what: String) throws(EvmonError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .usage("\(what)=\(path): " + (FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"))
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func certificates(_ path: String, what: String) throws(EvmonError) -> [NIOSSLCertificate] {
        let text = try readable(path, what: what)
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(text.utf8)), !certificates.isEmpty else {
            throw .usage("\(what)=\(path): no PEM certificate in the file (expected -----BEGIN CERTIFICATE-----)")
        }
        return certificates
    }

    private static func privateKey(_ path: String, password: String?) throws(EvmonError) -> NIOSSLPrivateKey {
        let text = try readable(path, what: "key")
        let encrypted = text.contains("ENCRYPTED")
        if encrypted && password == nil {
            throw .usage("key=\(path): the key is encrypted; set EVMON_TLS_KEY_PASSWORD to its passphrase")
        }
        do {
            if let password, encrypted {
                return try NIOSSLPrivateKey(bytes: Array(text.utf8), format: .pem) { setter in setter(Array(password.utf8)) }
            }
            return try NIOSSLPrivateKey(bytes: Array(text.utf8), format: .pem)
        } catch {
            if encrypted { throw .usage("key=\(path): cannot decrypt the key with EVMON_TLS_KEY_PASSWORD") }
            throw .usage("key=\(path): no PEM private key in the file")
        }
    }
}

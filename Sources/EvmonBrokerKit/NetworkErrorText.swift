#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix
import NIOSSL

/// Socket failures in the words an error line uses, the same for every broker.
public enum NetworkErrorText {
    /// `connection refused` rather than NIO's type dumps.
    public static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError {
            if let first = error.connectionErrors.first { return describe(first.error) }
            if error.dnsAAAAError != nil || error.dnsAError != nil { return "cannot resolve \(error.host)" }
            return "cannot connect to \(error.host):\(error.port)"
        }
        if let error = error as? IOError {
            if error.errnoCode == ECONNREFUSED { return "connection refused" }
            return String(cString: strerror(error.errnoCode))
        }
        if error is ChannelError, case .connectTimeout = error as! ChannelError { return "connection timed out" }
        if let failure = error as? TLSFailure { return failure.description }
        // TLS alerts after the handshake (TLS 1.3 servers refuse a missing client certificate
        // only then) reach the protocol's handlers as BoringSSL errors.
        if let failure = TLSFailure.classify(error, server: "the server", presentedCertificate: false) { return failure.description }
        if error is NIOSSLError || error is BoringSSLError { return "TLS: " + TLSFailure.boringSSLReason(error) }
        return String(describing: error)
    }
}

import Foundation
import NIOCore
import NIOSSL

/// Why a TLS connection failed, in the words of one error line: which check failed and what
/// the user can change. BoringSSL's own text is kept only for failures with no better name.
public enum TLSFailure: Error, CustomStringConvertible, Equatable {
    /// The chain does not lead to a trusted authority.
    case untrusted(server: String, issuer: String, selfSigned: Bool, trustSource: String)
    /// The certificate's validity ended (or has not begun) at `date`.
    case expired(server: String, date: String)
    case notYetValid(server: String, date: String)
    /// The certificate is for other names than the host evmon connected to.
    case hostnameMismatch(server: String, host: String, names: [String])
    /// The server asks for a client certificate and evmon has none to give.
    case clientCertificateRequired(server: String)
    /// The server refused the client certificate evmon presented.
    case clientCertificateRejected(server: String)
    /// Something that is not TLS answered (a plain-text port).
    case notTLS(server: String)
    /// The connection ended before the handshake finished.
    case closedDuringHandshake
    /// The server did not answer the handshake in time.
    case noAnswer(server: String, seconds: Int64)
    /// Any other handshake failure, with BoringSSL's reason.
    case handshakeFailed(server: String, reason: String)

    public var description: String {
        switch self {
        case .untrusted(let server, let issuer, let selfSigned, let trustSource):
            let what = selfSigned ? "is self-signed (\(issuer))" : "was issued by \(issuer)"
            return "TLS: the certificate of \(server) is not trusted: it \(what), which is not in \(trustSource) (name its CA with ca=FILE)"
        case .expired(let server, let date):
            return "TLS: the certificate of \(server) expired on \(date)"
        case .notYetValid(let server, let date):
            return "TLS: the certificate of \(server) is not valid before \(date) (is this machine's clock right?)"
        case .hostnameMismatch(let server, let host, let names):
            let list = names.isEmpty ? "no host names" : names.joined(separator: ", ")
            return "TLS: host name mismatch: the certificate of \(server) is for \(list), not \(host)"
        case .clientCertificateRequired(let server):
            return "TLS: \(server) wants a client certificate (give one with cert=FILE&key=FILE)"
        case .clientCertificateRejected(let server):
            return "TLS: \(server) rejected evmon's client certificate (is it issued by a CA the server trusts?)"
        case .notTLS(let server):
            return "TLS: \(server) did not answer in TLS (is this a plain-text port?)"
        case .closedDuringHandshake:
            return "TLS: the server closed the connection during the handshake"
        case .noAnswer(let server, let seconds):
            return "TLS: \(server) did not answer the handshake within \(seconds) s"
        case .handshakeFailed(let server, let reason):
            return "TLS handshake with \(server) failed: \(reason)"
        }
    }

    /// Whether trying again cannot help: the certificate, the host name or the port is wrong,
    /// not the moment. A connection closed mid-handshake may be a restarting server.
    public var isFinal: Bool {
        switch self {
        case .closedDuringHandshake, .noAnswer: false
        default: true
        }
    }

    /// The reason names BoringSSL put in an error (`CERTIFICATE_VERIFY_FAILED`), joined; other
    /// errors as they describe themselves.
    static func boringSSLReason(_ error: any Error) -> String {
        let text = String(describing: error)
        // BoringSSL's lines read `error:1000007d:SSL routines:OPENSSL_internal:REASON_NAME at file:line`;
        // the reason is the part people can search for.
        var reasons: [String] = []
        var rest = Substring(text)
        while let marker = rest.range(of: "OPENSSL_internal:") {
            let reason = rest[marker.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !reason.isEmpty, !reasons.contains(String(reason)) { reasons.append(String(reason)) }
            rest = rest[marker.upperBound...]
        }
        return reasons.isEmpty ? text : reasons.joined(separator: ", ")
    }

    /// What a TLS error during or after the handshake means, when its reason says without
    /// looking at the certificate; nil for errors that are not TLS's, or need a look.
    static func classify(_ error: any Error, server: String, presentedCertificate: Bool) -> TLSFailure? {
        guard error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError else { return nil }
        let reason = boringSSLReason(error)
        if reason.contains("WRONG_VERSION_NUMBER") || reason.contains("PACKET_LENGTH_TOO_LONG") || reason.contains("HTTP_REQUEST") {
            return .notTLS(server: server)
        }
        // Alerts a server sends about the client's certificate: without one, it wanted one (servers
        // say so with any of these, not only TLS 1.3's certificate_required); with one, it refused it.
        let certificateAlerts = ["CERTIFICATE_REQUIRED", "ALERT_UNKNOWN_CA", "ALERT_BAD_CERTIFICATE", "ALERT_CERTIFICATE_UNKNOWN", "ALERT_DECRYPT_ERROR", "ALERT_HANDSHAKE_FAILURE"]
        if certificateAlerts.contains(where: reason.contains) {
            return presentedCertificate ? .clientCertificateRejected(server: server) : .clientCertificateRequired(server: server)
        }
        if let error = error as? NIOSSLError, case .uncleanShutdown = error { return .closedDuringHandshake }
        if String(describing: error).contains("EOF during handshake") { return .closedDuringHandshake }
        return nil
    }

    /// True when the peer's certificate failed a check (chain, dates or host name): then a look
    /// at the certificate says which.
    static func needsInspection(_ error: any Error) -> Bool {
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname { return true }
        return boringSSLReason(error).contains("CERTIFICATE_VERIFY_FAILED")
    }
}

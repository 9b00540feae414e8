import Foundation
import Yams
import EvmonModel

/// A profile's `tls:` and `sasl:` keys: what a URL cannot carry (credentials, skipping
/// certificate checks) and what is tedious to type every time (CA and client-certificate files).
enum ProfileSecurity {
    /// `tls: true`, or a mapping of `ca`, `cert`, `key` and `insecure_skip_verify`. Paths may
    /// start with `~/`.
    static func tls(_ node: Node, path: String) throws(EvmonError) -> TLSOptions? {
        if let flag = node.bool { return flag ? TLSOptions() : nil }
        guard let mapping = node.mapping else {
            throw .usage("\(path):\(Configuration.line(node)): tls must be true, false or a mapping of ca, cert, key, insecure_skip_verify")
        }
        var options = TLSOptions()
        for (key, value) in mapping {
            switch key.string {
            case "ca", "cert", "key":
                guard let file = value.string, !file.isEmpty else { throw .usage("\(path):\(Configuration.line(value)): tls.\(key.string!) must name a file") }
                let expanded = expandingHome(file)
                switch key.string {
                case "ca": options.caFile = expanded
                case "cert": options.certificateFile = expanded
                default: options.keyFile = expanded
                }
            case "insecure_skip_verify":
                guard let flag = value.bool else { throw .usage("\(path):\(Configuration.line(value)): insecure_skip_verify must be true or false") }
                options.insecureSkipVerify = flag
            default:
                throw .usage("\(path):\(Configuration.line(key)): unknown key '\(key.string ?? "")' in tls (expected ca, cert, key, insecure_skip_verify)")
            }
        }
        try options.checkPairs(source: "\(path):\(Configuration.line(node))")
        return options
    }

    /// `sasl: scram-sha-512`, or a mapping of `mechanism`, `username` and `password`.
    static func sasl(_ node: Node, path: String) throws(EvmonError) -> (mechanism: String?, username: String?, password: String?) {
        if let mechanism = node.string { return (try checked(mechanism, node, path), nil, nil) }
        guard let mapping = node.mapping else {
            throw .usage("\(path):\(Configuration.line(node)): sasl must be a mechanism or a mapping of mechanism, username, password")
        }
        var result: (mechanism: String?, username: String?, password: String?) = (nil, nil, nil)
        for (key, value) in mapping {
            guard let text = value.string else { throw .usage("\(path):\(Configuration.line(value)): sasl.\(key.string ?? "") must be text") }
            switch key.string {
            case "mechanism": result.mechanism = try checked(text, value, path)
            case "username": result.username = text
            case "password": result.password = text
            default:
                throw .usage("\(path):\(Configuration.line(key)): unknown key '\(key.string ?? "")' in sasl (expected mechanism, username, password)")
            }
        }
        return result
    }

    private static func checked(_ mechanism: String, _ node: Node, _ path: String) throws(EvmonError) -> String {
        let lowered = mechanism.lowercased()
        guard BrokerURL.saslMechanisms.contains(lowered) else {
            throw .usage("\(path):\(Configuration.line(node)): sasl mechanism must be \(BrokerURL.saslMechanisms.joined(separator: ", "))")
        }
        return lowered
    }

    static func expandingHome(_ file: String) -> String {
        guard file.hasPrefix("~/") else { return file }
        return (ProcessInfo.processInfo.environment["HOME"] ?? "") + file.dropFirst()
    }
}

/// How a connection is encrypted and whom it trusts: from a URL (`tls=true&ca=…&cert=…&key=…`,
/// `rediss://`, `tls://`) or a profile's `tls:` mapping. Only names files; the key's passphrase
/// comes from `EVMON_TLS_KEY_PASSWORD`.
public struct TLSOptions: Sendable, Equatable {
    /// PEM file of the certificate authorities to trust instead of the system's store.
    public var caFile: String?
    /// PEM certificate chain evmon presents (mutual TLS), with `keyFile`.
    public var certificateFile: String?
    /// PEM private key of `certificateFile`.
    public var keyFile: String?
    /// Accept any certificate and host name. Only a profile can say so, and every command run
    /// with it warns on stderr.
    public var insecureSkipVerify: Bool

    public init(caFile: String? = nil, certificateFile: String? = nil, keyFile: String? = nil, insecureSkipVerify: Bool = false) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.insecureSkipVerify = insecureSkipVerify
    }

    /// The URL query names these options use.
    static let queryNames: Set<String> = ["ca", "cert", "key"]

    /// The files named in a URL's query; a certificate without its key (or the reverse) is a
    /// usage error, since mutual TLS needs both.
    static func fromQuery(_ query: [String: String], url: String) throws(EvmonError) -> TLSOptions {
        for name in queryNames where query[name]?.isEmpty == true {
            throw .usage("broker URL '\(url)': \(name)= names no file")
        }
        let options = TLSOptions(caFile: query["ca"], certificateFile: query["cert"], keyFile: query["key"])
        try options.checkPairs(source: "broker URL '\(url)'")
        return options
    }

    /// Refuses a certificate without its key or a key without its certificate.
    public func checkPairs(source: String) throws(EvmonError) {
        switch (certificateFile, keyFile) {
        case (_?, nil): throw .usage("\(source): cert= needs key= (the private key of the client certificate)")
        case (nil, _?): throw .usage("\(source): key= needs cert= (the client certificate)")
        default: break
        }
    }

    /// Query parts for a URL's description: the files, never secrets.
    var queryParts: [String] {
        [caFile.map { "ca=\($0)" }, certificateFile.map { "cert=\($0)" }, keyFile.map { "key=\($0)" }].compactMap { $0 }
    }

    /// These options with `other`'s files where these name none (a profile's `tls:` fills what
    /// its URL leaves out); skipping verification is kept from either.
    public func filling(from other: TLSOptions) -> TLSOptions {
        TLSOptions(
            caFile: caFile ?? other.caFile, certificateFile: certificateFile ?? other.certificateFile,
            keyFile: keyFile ?? other.keyFile, insecureSkipVerify: insecureSkipVerify || other.insecureSkipVerify)
    }
}

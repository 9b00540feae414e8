#if canImport(Glibc)
import Glibc
#endif
import EvmonModel
import EvmonJSON

/// Decides whether a message belongs to the transaction whose id is `value`: any one of the
/// links (key, traceparent, path, header) reading exactly that text is enough.
public struct TraceMatcher: Sendable, Equatable {
    public let value: String
    public let links: [TraceLink]
    private let valueBytes: [UInt8]
    /// Trace ids compare in lower case, as `traceparent` writes them.
    private let lowercasedValue: String
    /// Whether a value without these bytes, and without a backslash, can be passed over unparsed.
    private let rejectsByBytes: Bool
    /// Whether the id holds U+FFFD, as the id read from a key or header that is not UTF-8 does:
    /// such a key or header is then compared as decoded text, so the message joins its own trace.
    private let comparesDecoded: Bool

    public init(value: String, links: [TraceLink] = TraceLink.defaults) {
        self.init(value: value, links: links, skipsByBytes: true)
    }

    /// `skipsByBytes: false` parses every value: what the fuzz target checks the skip against.
    package init(value: String, links: [TraceLink], skipsByBytes: Bool) {
        self.value = value
        self.links = links.isEmpty ? TraceLink.defaults : links
        valueBytes = Array(value.utf8)
        lowercasedValue = value.lowercased()
        // A JSON text with no backslash writes every string literally, so a string field equal
        // to the id shows the id's bytes; so do `true`, `false` and `null`. A number need not
        // (42 may be written 4.2e1), so numeric ids are always parsed.
        comparesDecoded = value.unicodeScalars.contains("\u{FFFD}")
        // An id with U+FFFD may stand for invalid UTF-8 the parser repaired: its bytes are not
        // the value's, so such ids are always parsed too.
        rejectsByBytes = skipsByBytes && !valueBytes.isEmpty && Double(value) == nil && !comparesDecoded
    }

    /// The id a message carries by the first of `links` that reads one from it (its key, its
    /// trace id, the value at a path, a header): what `t` traces. Nil when it carries none.
    /// Without configured links, a business id field comes first: an `InventoryReserved` keyed
    /// by its SKU is traced by its `.payload.order_id`, not by the SKU.
    public static func id(of record: Record, links: [TraceLink] = []) -> String? {
        let links = links.isEmpty ? TraceLink.defaults.filter(\.needsJSON) + [.key, .traceparent] : links
        var parsed: JSONValue??
        for link in links {
            switch link {
            case .key:
                if let key = record.key, !key.isEmpty { return String(decoding: key, as: UTF8.self) }
            case .traceparent:
                if let id = TraceLink.traceID(in: record.headers) { return id }
            case .header(let name):
                if let bytes = record.headers.first(where: { $0.name == name })?.value, !bytes.isEmpty { return String(decoding: bytes, as: UTF8.self) }
            case .path(let path):
                if parsed == nil { parsed = .some(record.readableValue.flatMap { try? JSONParser.parse($0) }) }
                if let json = parsed ?? nil, let text = TraceLink.scalarText(at: path, in: json) { return text }
            }
        }
        return nil
    }

    /// The first link by which `record` joins the trace, or nil. A value that is not JSON
    /// simply has no paths; it may still join by key or header.
    public func link(of record: Record) -> TraceLink? {
        var parsed: JSONValue??
        for link in links {
            switch link {
            case .key:
                if let key = record.key, matches(key) { return link }
            case .traceparent:
                if TraceLink.traceID(in: record.headers) == lowercasedValue { return link }
            case .header(let name):
                if record.headers.contains(where: { $0.name == name && $0.value.map(matches) == true }) { return link }
            case .path(let path):
                if parsed == nil { parsed = .some(record.readableValue.flatMap { mayHold($0) ? try? JSONParser.parse($0) : nil }) }
                if let json = parsed ?? nil, TraceLink.scalarText(at: path, in: json) == value { return link }
            }
        }
        return nil
    }

    /// Whether key or header bytes read the id.
    private func matches(_ bytes: [UInt8]) -> Bool {
        bytes == valueBytes || (comparesDecoded && String(decoding: bytes, as: UTF8.self) == value)
    }

    /// False only when `value` cannot hold the id at any path (see `rejectsByBytes`): most
    /// messages of a search are passed over without being parsed.
    private func mayHold(_ value: [UInt8]) -> Bool {
        guard rejectsByBytes else { return true }
        return value.withUnsafeBytes { haystack in
            guard let base = haystack.baseAddress else { return false }
            if memchr(base, Int32(UInt8(ascii: "\\")), haystack.count) != nil { return true }
            return valueBytes.withUnsafeBytes { needle in
                // memchr to each candidate first byte, then compare (Glibc's memmem is not exported).
                let first = Int32(needle[0])
                var start = 0
                while haystack.count - start >= needle.count,
                    let hit = memchr(base + start, first, haystack.count - start - needle.count + 1) {
                    if memcmp(hit, needle.baseAddress!, needle.count) == 0 { return true }
                    start = base.distance(to: UnsafeRawPointer(hit)) + 1
                }
                return false
            }
        }
    }
}

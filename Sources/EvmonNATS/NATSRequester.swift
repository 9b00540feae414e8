import Foundation
import NATSWire
import EvmonModel

/// JetStream API calls over one connection: JSON in, JSON out, errors as `EvmonError`s that
/// carry the server's own description.
struct NATSRequester: Sendable {
    let connection: NIONATSConnection
    let displayURL: String

    /// Calls `$JS.API.<api>` and decodes the reply; an `error` in it becomes an `APIFailure`.
    func call<Reply: Decodable>(_ api: String, body: String = "", as type: Reply.Type) async throws -> Reply {
        let message = try await connection.request("$JS.API." + api, payload: Array(body.utf8))
        let bytes = Data(message.payload.readableBytesView)
        if let envelope = try? JSONDecoder().decode(JetStreamAPI.Envelope.self, from: bytes), let error = envelope.error {
            throw APIFailure(api: api, error: error)
        }
        do {
            return try JSONDecoder().decode(type, from: bytes)
        } catch {
            throw EvmonError.broker(url: displayURL, reason: "unreadable reply to $JS.API.\(api): \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
    }

    /// Pages most a list may take: 10,000 pages of 256 streams is far past any real server.
    static let maximumPages = 10_000

    /// Reads a paged JetStream list from offset 0. The server's `total` decides when it ends,
    /// but it is not trusted alone: a page that adds nothing new (by `id`) ends the list, and so
    /// does `maximumPages`, so a server that lies about its total or repeats a page cannot
    /// keep evmon paging.
    static func paged<Item>(
        id: (Item) -> String, page: (_ offset: Int) async throws -> (items: [Item], total: Int)
    ) async throws -> [Item] {
        var items: [Item] = []
        var seen: Set<String> = []
        for _ in 0..<maximumPages {
            let (found, total) = try await page(items.count)
            let fresh = found.filter { seen.insert(id($0)).inserted }
            items += fresh
            if fresh.isEmpty || items.count >= total { break }
        }
        return items
    }

    /// Every stream name (paged), optionally only those capturing `subject`.
    func streamNames(subject: String? = nil) async throws -> [String] {
        try await Self.paged(id: { $0 }) { offset in
            var request: [String: Any] = ["offset": offset]
            if let subject { request["subject"] = subject }
            let body = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
            let page = try await call("STREAM.NAMES", body: body, as: JetStreamAPI.StreamNames.self)
            return (page.streams ?? [], page.total)
        }
    }

    /// Every stream's config and state (paged, 256 a page): one call where names and infos would take one per stream.
    func streams() async throws -> [JetStreamAPI.StreamInfo] {
        try await Self.paged(id: \.config.name) { offset in
            let page = try await call("STREAM.LIST", body: #"{"offset":\#(offset)}"#, as: JetStreamAPI.StreamList.self)
            return (page.streams ?? [], page.total)
        }.sorted { $0.config.name < $1.config.name }
    }

    /// A stream's config and state, `nil` when there is no such stream.
    func streamInfo(_ stream: String) async throws -> JetStreamAPI.StreamInfo? {
        guard Self.isStreamName(stream) else { return nil }
        do {
            return try await call("STREAM.INFO." + stream, as: JetStreamAPI.StreamInfo.self)
        } catch let failure as APIFailure where failure.error.errCode == JetStreamAPI.APIError.streamNotFound || failure.error.code == 404 {
            return nil
        }
    }

    /// Every consumer of a stream (paged).
    func consumers(of stream: String) async throws -> [JetStreamAPI.ConsumerInfo] {
        try await Self.paged(id: \.name) { offset in
            let page = try await call("CONSUMER.LIST." + stream, body: #"{"offset":\#(offset)}"#, as: JetStreamAPI.ConsumerList.self)
            return (page.consumers ?? [], page.total)
        }
    }

    /// The message at `sequence`, `nil` when the stream no longer holds it.
    func storedMessage(stream: String, sequence: UInt64) async throws -> Record? {
        let stored: JetStreamAPI.StoredMessage
        do {
            stored = try await call("STREAM.MSG.GET." + stream, body: #"{"seq":\#(sequence)}"#, as: JetStreamAPI.StoredMessage.self)
        } catch let failure as APIFailure where failure.error.errCode == JetStreamAPI.APIError.noMessageFound || failure.error.code == 404 {
            return nil
        }
        return try NATSRecordMapping.record(stream: stream, stored: stored.message, url: displayURL)
    }

    func deleteConsumer(stream: String, name: String) async {
        _ = try? await connection.request("$JS.API.CONSUMER.DELETE.\(stream).\(name)", payload: [], timeout: .seconds(2))
    }

    /// Stream names cannot hold dots, wildcards or whitespace; such a topic is a subject.
    static func isStreamName(_ name: String) -> Bool {
        !name.isEmpty && !name.utf8.contains { $0 <= 0x20 || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: ">") || $0 == 0x7f }
    }
}

/// A JetStream API call that the server answered with an error.
struct APIFailure: Error, CustomStringConvertible {
    var api: String
    var error: JetStreamAPI.APIError

    var description: String {
        let what = error.description ?? "error \(error.code)"
        return "JetStream refused $JS.API.\(api): \(what)" + (error.errCode.map { " (err_code \($0))" } ?? "")
    }
}

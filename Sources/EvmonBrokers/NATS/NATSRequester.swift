import EvmonCore
import Foundation
import NATSWire

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

    /// Every stream name (paged), optionally only those capturing `subject`.
    func streamNames(subject: String? = nil) async throws -> [String] {
        var names: [String] = []
        while true {
            var request: [String: Any] = ["offset": names.count]
            if let subject { request["subject"] = subject }
            let body = String(decoding: try JSONSerialization.data(withJSONObject: request), as: UTF8.self)
            let page = try await call("STREAM.NAMES", body: body, as: JetStreamAPI.StreamNames.self)
            let streams = page.streams ?? []
            names += streams
            if streams.isEmpty || names.count >= page.total { return names }
        }
    }

    /// Every stream's config and state (paged, 256 a page): one call where names and infos would take one per stream.
    func streams() async throws -> [JetStreamAPI.StreamInfo] {
        var streams: [JetStreamAPI.StreamInfo] = []
        while true {
            let page = try await call("STREAM.LIST", body: #"{"offset":\#(streams.count)}"#, as: JetStreamAPI.StreamList.self)
            let found = page.streams ?? []
            streams += found
            if found.isEmpty || streams.count >= page.total { return streams.sorted { $0.config.name < $1.config.name } }
        }
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
        var consumers: [JetStreamAPI.ConsumerInfo] = []
        while true {
            let page = try await call("CONSUMER.LIST." + stream, body: #"{"offset":\#(consumers.count)}"#, as: JetStreamAPI.ConsumerList.self)
            let found = page.consumers ?? []
            consumers += found
            if found.isEmpty || consumers.count >= page.total { return consumers }
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

import Foundation

/// The shapes of the JetStream API replies evmon reads (server 2.9); fields it does not use
/// are left out, and every field is optional where the server omits it.
enum JetStreamAPI {
    /// `error{code, err_code, description}` of a failed call.
    struct APIError: Decodable, Sendable, Equatable {
        var code: Int
        var errCode: Int?
        var description: String?

        enum CodingKeys: String, CodingKey {
            case code, errCode = "err_code", description
        }

        /// `stream not found`
        static let streamNotFound = 10059
        /// `no message found`
        static let noMessageFound = 10037
    }

    /// What every reply may carry.
    struct Envelope: Decodable {
        var error: APIError?
    }

    struct StreamNames: Decodable {
        var total: Int
        var offset: Int
        var streams: [String]?
    }

    struct StreamList: Decodable {
        var total: Int
        var offset: Int
        var streams: [StreamInfo]?
    }

    struct StreamInfo: Decodable, Sendable {
        var config: StreamConfig
        var state: StreamState
    }

    struct StreamConfig: Decodable, Sendable {
        var name: String
        var subjects: [String]?
        var duplicateWindow: Int64?

        enum CodingKeys: String, CodingKey {
            case name, subjects, duplicateWindow = "duplicate_window"
        }
    }

    /// Counts and sequences are unsigned on the wire (up to 2^64 − 1); they become `Int64`
    /// domain values clamped, where they are mapped.
    struct StreamState: Decodable, Sendable {
        var messages: UInt64
        var firstSeq: UInt64
        var lastSeq: UInt64

        enum CodingKeys: String, CodingKey {
            case messages, firstSeq = "first_seq", lastSeq = "last_seq"
        }
    }

    struct ConsumerList: Decodable {
        var total: Int
        var offset: Int
        var consumers: [ConsumerInfo]?
    }

    struct SequenceInfo: Decodable, Sendable {
        var consumerSeq: UInt64
        var streamSeq: UInt64

        enum CodingKeys: String, CodingKey {
            case consumerSeq = "consumer_seq", streamSeq = "stream_seq"
        }
    }

    struct ConsumerInfo: Decodable, Sendable {
        var streamName: String
        var name: String
        var config: ConsumerConfig
        var delivered: SequenceInfo?
        var ackFloor: SequenceInfo?
        var numAckPending: UInt64?
        var numRedelivered: UInt64?
        var numWaiting: UInt64?
        var numPending: UInt64?

        enum CodingKeys: String, CodingKey {
            case streamName = "stream_name", name, config, delivered, ackFloor = "ack_floor"
            case numAckPending = "num_ack_pending", numRedelivered = "num_redelivered"
            case numWaiting = "num_waiting", numPending = "num_pending"
        }
    }

    struct ConsumerConfig: Decodable, Sendable {
        var durableName: String?
        var deliverSubject: String?
        var filterSubject: String?
        var ackPolicy: String?
        var maxDeliver: Int?

        enum CodingKeys: String, CodingKey {
            case durableName = "durable_name", deliverSubject = "deliver_subject", filterSubject = "filter_subject"
            case ackPolicy = "ack_policy", maxDeliver = "max_deliver"
        }
    }

    struct StoredMessage: Decodable {
        struct Message: Decodable {
            var subject: String
            var seq: UInt64
            var hdrs: String?
            var data: String?
            var time: String
        }

        var message: Message
    }

    struct PubAck: Decodable {
        var stream: String
        var seq: UInt64
        var duplicate: Bool?
    }

    /// An advisory as stored by a stream capturing `$JS.EVENT.ADVISORY.CONSUMER.…`.
    struct ConsumerAdvisory: Decodable {
        var type: String
        var stream: String
        var consumer: String
        var streamSeq: UInt64
        var deliveries: Int?

        enum CodingKeys: String, CodingKey {
            case type, stream, consumer, streamSeq = "stream_seq", deliveries
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            type = try container.decode(String.self, forKey: .type)
            stream = try container.decode(String.self, forKey: .stream)
            consumer = try container.decode(String.self, forKey: .consumer)
            deliveries = try container.decodeIfPresent(Int.self, forKey: .deliveries)
            // An integer on 2.9.10; documented elsewhere as a string: take both.
            if let number = try? container.decode(UInt64.self, forKey: .streamSeq) {
                streamSeq = number
            } else if let text = try? container.decode(String.self, forKey: .streamSeq), let number = UInt64(text) {
                streamSeq = number
            } else {
                throw DecodingError.dataCorruptedError(forKey: .streamSeq, in: container, debugDescription: "stream_seq is neither an integer nor a numeric string")
            }
        }
    }
}

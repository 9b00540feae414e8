import Foundation
import NATSWire
import Synchronization
import EvmonModel

/// Consumer advisories heard live: the core subscription every connection makes to the
/// max-deliveries and terminated advisory subjects. It catches what happens while evmon runs even
/// when no stream stores advisories; the most recent 10,000 are kept.
final class NATSAdvisoryFeed: Sendable {
    static let limit = 10_000
    private let heard = Mutex<[JetStreamAPI.ConsumerAdvisory]>([])

    /// The subscriber a new connection registers (runs on the event loop: one JSON decode per advisory).
    var subscriber: NATSSubscriber {
        NATSSubscriber { [weak self] message in
            guard let advisory = try? JSONDecoder().decode(JetStreamAPI.ConsumerAdvisory.self, from: Data(message.payload.readableBytesView)) else { return }
            self?.heard.withLock { heard in
                heard.append(advisory)
                if heard.count > Self.limit { heard.removeFirst(heard.count - Self.limit) }
            }
        }
    }

    /// What was heard since the last call.
    func drain() -> [JetStreamAPI.ConsumerAdvisory] {
        heard.withLock { heard in
            defer { heard = [] }
            return heard
        }
    }
}

/// What `brokerDeadLetters` found so far, so that a poll (the TUI asks with every lag poll) reads
/// only advisories stored since the last one and fetches each failing message once.
actor NATSAdvisoryLedger {
    /// Per capturing stream, the last advisory sequence read.
    private var readThrough: [String: UInt64] = [:]
    /// Dead letters by `stream/seq`, in the order found.
    private var letters: [String: BrokerDeadLetter] = [:]
    /// Advisories whose message the stream no longer held when asked.
    private var gone: Set<String> = []

    func lastRead(_ stream: String) -> UInt64 { readThrough[stream] ?? 0 }

    func read(_ stream: String, through sequence: UInt64) {
        readThrough[stream] = max(readThrough[stream] ?? 0, sequence)
    }

    /// Whether the advisory's message was already looked up.
    func isKnown(_ key: String) -> Bool { letters[key] != nil || gone.contains(key) }

    func record(_ key: String, _ letter: BrokerDeadLetter?) {
        if let letter { letters[key] = letter } else { gone.insert(key) }
    }

    var all: [BrokerDeadLetter] {
        letters.values.sorted { ($0.record.timestamp, $0.record.topic, $0.record.offset) < ($1.record.timestamp, $1.record.topic, $1.record.offset) }
    }
}

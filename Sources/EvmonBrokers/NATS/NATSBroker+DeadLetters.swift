import EvmonCore
import Foundation
import NATSWire

extension NATSBroker {
    static let maxDeliveriesAdvisories = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>"
    static let terminatedAdvisories = "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>"

    /// Messages JetStream reported as failing: max-deliveries and terminated advisories stored by
    /// streams that capture them, each fetched from its own stream (`STREAM.MSG.GET`). Advisories
    /// are not stored unless a stream captures them, so without one there is nothing to find.
    /// `minimumDeliveries` does not apply: the consumer's own `max_deliver` already decided.
    public func brokerDeadLetters(minimumDeliveries: Int) async throws -> [BrokerDeadLetter] {
        let capturing = try await call { requester in
            let streams = Set(try await requester.streamNames(subject: Self.maxDeliveriesAdvisories))
                .union(try await requester.streamNames(subject: Self.terminatedAdvisories))
            return streams.sorted()
        }
        var advisories: [JetStreamAPI.ConsumerAdvisory] = []
        for stream in capturing {
            advisories += try await readAdvisories(stream)
        }
        var seen: Set<String> = []
        var letters: [BrokerDeadLetter] = []
        for advisory in advisories where seen.insert("\(advisory.stream)\u{0}\(advisory.streamSeq)").inserted {
            let record = try await call { requester in try await requester.storedMessage(stream: advisory.stream, sequence: advisory.streamSeq) }
            // Gone from its stream (acknowledged later under a work queue, deleted, aged out): nothing to replay.
            guard let record else { continue }
            let terminated = advisory.type.hasSuffix(".terminated")
            let reason = terminated
                ? "terminated by consumer \(advisory.consumer)"
                : "reached \(advisory.deliveries.map(String.init) ?? "its maximum") deliveries on consumer \(advisory.consumer), never acknowledged"
            letters.append(BrokerDeadLetter(
                record: record, convention: terminated ? "nats-terminated" : "nats-max-deliveries", reason: reason, consumer: advisory.consumer))
        }
        return letters.sorted { ($0.record.timestamp, $0.record.topic, $0.record.offset) < ($1.record.timestamp, $1.record.topic, $1.record.offset) }
    }

    /// Every consumer advisory a capturing stream holds, oldest first; other events are skipped.
    private func readAdvisories(_ stream: String) async throws -> [JetStreamAPI.ConsumerAdvisory] {
        var advisories: [JetStreamAPI.ConsumerAdvisory] = []
        let decoder = JSONDecoder()
        readLoop: for try await event in tail(TailRequest(topics: [stream], start: .earliest, maxBatchSize: 1000)) {
            switch event {
            case .records(let batch):
                for record in batch.records {
                    let subject = String(decoding: record.key ?? [], as: UTF8.self)
                    guard NATSSubject.matches(pattern: Self.maxDeliveriesAdvisories, subject: subject)
                        || NATSSubject.matches(pattern: Self.terminatedAdvisories, subject: subject),
                        let advisory = try? decoder.decode(JetStreamAPI.ConsumerAdvisory.self, from: Data(record.value ?? [])) else { continue }
                    advisories.append(advisory)
                }
            case .caughtUp:
                break readLoop
            case .partitionFailed(_, let reason):
                throw EvmonError.broker(url: displayURL, reason: "\(stream): \(reason)")
            case .connection:
                continue
            }
        }
        return advisories
    }
}

import Foundation
import NATSWire
import EvmonModel

extension NATSBroker {
    static let maxDeliveriesAdvisories = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>"
    static let terminatedAdvisories = "$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.>"

    /// Messages JetStream reported as failing: max-deliveries and terminated advisories stored by
    /// streams that capture them, plus those heard live since evmon connected, each message
    /// fetched from its own stream (`STREAM.MSG.GET`) once. Advisories are not stored unless a
    /// stream captures them, so without one only the live ones are found. `minimumDeliveries`
    /// does not apply: the consumer's own `max_deliver` already decided.
    public func brokerDeadLetters(minimumDeliveries: Int) async throws -> [BrokerDeadLetter] {
        let capturing = try await advisoryStreams()
        var advisories = advisoryFeed.drain()
        for stream in capturing {
            advisories += try await readAdvisories(stream)
        }
        for advisory in advisories {
            let key = "\(advisory.stream)/\(advisory.streamSeq)"
            guard await !advisoryLedger.isKnown(key) else { continue }
            let record = try await call { requester in try await requester.storedMessage(stream: advisory.stream, sequence: advisory.streamSeq) }
            // Gone from its stream (deleted, aged out, acknowledged under a work queue): nothing to replay.
            await advisoryLedger.record(key, record.map { Self.deadLetter($0, advisory) })
        }
        return await advisoryLedger.all
    }

    /// Without a stream capturing the advisories, JetStream keeps none: say so, with the fix.
    public func brokerDeadLetterBlindSpot() async -> String? {
        guard let capturing = try? await advisoryStreams(), capturing.isEmpty else { return nil }
        return "no stream captures JetStream's consumer advisories, so only messages that fail while evmon is connected are found; "
            + "a stream on \(Self.maxDeliveriesAdvisories) and \(Self.terminatedAdvisories) keeps them"
    }

    /// The streams that store max-deliveries or terminated advisories.
    private func advisoryStreams() async throws -> [String] {
        try await call { requester in
            let streams = Set(try await requester.streamNames(subject: Self.maxDeliveriesAdvisories))
                .union(try await requester.streamNames(subject: Self.terminatedAdvisories))
            return streams.sorted()
        }
    }

    static func deadLetter(_ record: Record, _ advisory: JetStreamAPI.ConsumerAdvisory) -> BrokerDeadLetter {
        let terminated = advisory.type.hasSuffix(".terminated")
        let reason = terminated
            ? "terminated by consumer \(advisory.consumer)"
            : "reached \(advisory.deliveries.map(String.init) ?? "its maximum") deliveries on consumer \(advisory.consumer), never acknowledged"
        return BrokerDeadLetter(record: record, convention: terminated ? "nats-terminated" : "nats-max-deliveries", reason: reason, consumer: advisory.consumer)
    }

    /// The consumer advisories a capturing stream stored since the last read; other events are skipped.
    private func readAdvisories(_ stream: String) async throws -> [JetStreamAPI.ConsumerAdvisory] {
        let after = await advisoryLedger.lastRead(stream)
        let last = try await call { requester in try await requester.streamInfo(stream)?.state.lastSeq } ?? 0
        guard last > after else { return [] }
        var advisories: [JetStreamAPI.ConsumerAdvisory] = []
        var through = after
        let decoder = JSONDecoder()
        readLoop: for try await event in tail(TailRequest(topics: [stream], start: .offset(.sequence(Int64(clamping: after.clampedAdding(1)))), maxBatchSize: 1000)) {
            switch event {
            case .records(let batch):
                for record in batch.records {
                    through = max(through, UInt64(clamping: record.offset.sequenceValue ?? 0))
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
            case .connection, .startMoved, .notice:
                continue
            }
        }
        await advisoryLedger.read(stream, through: max(through, last))
        return advisories
    }
}

import EvmonModel
import EvmonJSON

/// One line of the replay audit log (`$XDG_STATE_HOME/evmon/replays.jsonl`).
///
/// Every attempt writes two lines sharing an `attempt` id: `sending` before the produce (so a
/// crash mid-send still leaves a trace, read back as "outcome unknown") and then `replayed`,
/// `failed` or `unknown`. Both carry when, what and where to:
///
/// ```json
/// {"attempt":"…","at":1764115200000,"event":"sending","broker":"kafka://…","dlqTopic":"orders-dlt","dlqPartition":0,"dlqOffset":17,"topic":"orders","partition":1,"route":"original","key":"order-42","valueBytes":231,"edited":false}
/// {"attempt":"…","at":1764115200012,"event":"replayed","broker":"kafka://…","dlqTopic":"orders-dlt","dlqPartition":0,"dlqOffset":17,"topic":"orders","partition":1,"offset":5120,"error":null}
/// ```
public struct ReplayJournalEntry: Sendable, Equatable {
    /// What the line records.
    public enum Event: Sendable, Equatable {
        case sending(ReplayPlan)
        case finished(ReplayOutcome)
    }

    /// Ties an attempt's two lines together.
    public var attempt: String
    /// Epoch milliseconds.
    public var at: Int64
    /// The broker's display URL: marks are per broker, since clusters share topic names.
    public var broker: String
    public var source: DeadLetterID
    public var event: Event

    public init(attempt: String, at: Int64, broker: String, source: DeadLetterID, event: Event) {
        self.attempt = attempt
        self.at = at
        self.broker = broker
        self.source = source
        self.event = event
    }

    /// The line, with its newline.
    public var jsonLine: [UInt8] {
        var output: [UInt8] = []
        func field(_ name: String) {
            output.append(contentsOf: ",\"\(name)\":".utf8)
        }
        output.append(contentsOf: #"{"attempt":"#.utf8)
        JSONOutput.appendString(attempt, to: &output)
        field("at")
        output.append(decimal: at)
        field("event")
        switch event {
        case .sending: JSONOutput.appendString("sending", to: &output)
        case .finished(let outcome): JSONOutput.appendString(outcome.name, to: &output)
        }
        field("broker")
        JSONOutput.appendString(broker, to: &output)
        field("dlqTopic")
        JSONOutput.appendString(source.topic, to: &output)
        field("dlqPartition")
        output.append(decimal: Int64(source.partition))
        field("dlqOffset")
        RecordJSON.appendOffset(source.offset, to: &output)
        switch event {
        case .sending(let plan):
            field("topic")
            JSONOutput.appendString(plan.message.topic, to: &output)
            field("partition")
            output.append(optionalDecimal: plan.route.partition.map(Int64.init))
            field("route")
            JSONOutput.appendString(plan.route.name, to: &output)
            field("key")
            JSONOutput.appendBytes(plan.message.key, to: &output)
            field("valueBytes")
            output.append(optionalDecimal: plan.message.value.map { Int64($0.count) })
            field("edited")
            output.append(contentsOf: (plan.edited ? "true" : "false").utf8)
        case .finished(let outcome):
            if case .replayed(let position) = outcome {
                field("topic")
                JSONOutput.appendString(position.topicPartition.topic, to: &output)
                field("partition")
                output.append(decimal: Int64(position.topicPartition.partition))
                field("offset")
                RecordJSON.appendOffset(position.offset, to: &output)
            }
            field("error")
            switch outcome {
            case .replayed: output.append(contentsOf: "null".utf8)
            case .failed(let reason), .unknown(let reason): JSONOutput.appendString(reason, to: &output)
            }
        }
        output.append(contentsOf: "}\n".utf8)
        return output
    }

    /// Reads a line back; `nil` when it is not an entry this version understands.
    ///
    /// A `sending` line reads back with a plan holding only what the log keeps (target, route,
    /// key); the history needs no more.
    public init?(jsonLine: [UInt8]) {
        guard let value = try? JSONParser.parse(jsonLine),
            case .string(let attempt)? = value[member: "attempt"], let at = Self.whole(value[member: "at"]),
            case .string(let event)? = value[member: "event"], case .string(let broker)? = value[member: "broker"],
            case .string(let dlqTopic)? = value[member: "dlqTopic"], let dlqPartition = Self.partition(value[member: "dlqPartition"]),
            let dlqOffset = Self.offset(value[member: "dlqOffset"])
        else { return nil }
        let source = DeadLetterID(topic: dlqTopic, partition: dlqPartition, offset: dlqOffset)
        let error: String? = if case .string(let text)? = value[member: "error"] { text } else { nil }
        switch event {
        case "sending":
            guard case .string(let topic)? = value[member: "topic"] else { return nil }
            let partition = Self.partition(value[member: "partition"])
            let route: ReplayRoute = switch (Self.string(value[member: "route"]), partition) {
            case ("original", let partition?): .originalPartition(partition)
            case ("key-hash", let partition?): .keyHash(partition)
            default: .producerChoice
            }
            let message = OutgoingMessage(topic: topic, partition: partition, key: Self.bytes(value[member: "key"]), value: nil)
            self.init(attempt: attempt, at: at, broker: broker, source: source, event: .sending(ReplayPlan(source: source, message: message, route: route)))
        case "replayed":
            guard case .string(let topic)? = value[member: "topic"], let partition = Self.partition(value[member: "partition"]),
                let offset = Self.offset(value[member: "offset"])
            else { return nil }
            let position = ProducedPosition(topicPartition: TopicPartition(topic: topic, partition: partition), offset: offset)
            self.init(attempt: attempt, at: at, broker: broker, source: source, event: .finished(.replayed(position)))
        case "failed":
            self.init(attempt: attempt, at: at, broker: broker, source: source, event: .finished(.failed(error ?? "")))
        case "unknown":
            self.init(attempt: attempt, at: at, broker: broker, source: source, event: .finished(.unknown(error ?? "")))
        default:
            return nil
        }
    }

    private static func offset(_ value: JSONValue?) -> Offset? {
        switch value {
        case .number(let number)?: Int64(wholeNumber: number).flatMap { $0 >= 0 ? .sequence($0) : nil }
        case .string(let text)?: Offset(parsing: Substring(text))
        default: nil
        }
    }

    /// A whole number the file holds; `1e400`, `-0.5` or text are not (the file may be damaged).
    private static func whole(_ value: JSONValue?) -> Int64? {
        if case .number(let number)? = value { return Int64(wholeNumber: number) }
        return nil
    }

    /// A partition number: whole and within what a broker can have.
    private static func partition(_ value: JSONValue?) -> Int? {
        guard let number = whole(value), (0...Int64(Int32.max)).contains(number) else { return nil }
        return Int(number)
    }

    private static func string(_ value: JSONValue?) -> String? {
        if case .string(let text)? = value { return text }
        return nil
    }

    /// A key as `JSONOutput.appendBytes` wrote it: a string, `{"base64": …}`, or null.
    private static func bytes(_ value: JSONValue?) -> [UInt8]? {
        switch value {
        case .string(let text)?: return Array(text.utf8)
        case .object?: return value?[member: "base64"].flatMap(string).flatMap(Base64.decode)
        default: return nil
        }
    }
}

import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import EvmonBrokers
import EvmonJSON
import EvmonModel

/// `evmon produce`: writes messages from JSON lines in exactly the shape `tail --format json`
/// prints, so `tail -e --format json | evmon produce OTHER` copies a topic, binary included.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Write messages from JSON lines (tail's --format json shape) to a topic.",
        discussion: """
            Each line is an object with key, value, headers and partition, as tail prints them: \
            a string is its UTF-8 bytes, {"base64": "…"} raw bytes, null absent; a value that is \
            any other JSON (an object, an array, a number) is written as its compact text. \
            headers is a list of [name, value] pairs (or an object). Without a partition, the \
            key's murmur2 hash picks it, as Kafka's default partitioner does. Without TOPIC, each \
            line's topic is used. Redis writes the headers as fields, in order, before the \
            value's; NATS publishes to the key as the subject.

            Writes with acks=all, in batches. Prints where each message landed. A malformed line \
            is exit 2 naming it: the lines before it are sent, none after it unless \
            --keep-going (which skips it, and still exits 2). A broker failure is exit 3.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The topic (Redis stream, NATS subject) to write to; default: each line's topic.")
    var topic: String?

    @Option(name: .long, help: "Read the lines from this file (default: standard input; - is standard input too).")
    var file: String?

    @Option(help: "At most this many messages per second.")
    var rate: Double?

    @Flag(help: "Print each message as it would be sent, and send nothing.")
    var dryRun = false

    @Flag(help: "Skip malformed lines (each is reported) instead of stopping at the first.")
    var keepGoing = false

    @Option(help: "Kafka record batch compression: none (default), gzip, snappy, lz4 or zstd.")
    var compression: ProduceCompression = .none

    @Option(name: [.long, .customShort("f")], help: "text (default: topic/partition@offset per message) or json (one object per message).")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json, not \(format)") }
        if let rate, !(rate > 0 && rate.isFinite) { throw ValidationError("--rate must be a number of messages per second above 0") }
    }

    func run() async throws {
        let resolved = try global.resolve()
        if !dryRun, let reason = resolved.readOnlyReason {
            throw EvmonError.writeRefused("read-only (\(reason)): produce would write to the broker; --dry-run shows what it would send")
        }
        if compression != .none, !resolved.url.isKafka {
            throw EvmonError.usage("--compression \(compression.rawValue): only Kafka compresses record batches")
        }
        let input = try InputFile(path: file)
        defer { input.close() }
        if input.descriptor == STDIN_FILENO, isatty(STDIN_FILENO) == 1 {
            // Typed lines are taken as they come; without this, a bare `evmon produce T` looks hung.
            StandardError.report("evmon: reading JSON lines from the terminal (one message per line; ctrl-d ends)")
        }
        var reader = LineReader(descriptor: input.descriptor)
        let producer = FixtureProducer(source: input.name, topic: topic, compression: compression, rate: rate, keepGoing: keepGoing)
        let output = StandardOutput()
        if dryRun {
            let summary = try Self.dryRun(&reader, producer, output: output)
            try output.flush()
            try summary.finish(source: input.name)
            return
        }
        let adapter = try resolved.open()
        let json = format == "json"
        // `topic/partition@` once per partition, escaped: the text outcome is mostly this prefix.
        var prefixes: [TopicPartition: [UInt8]] = [:]
        let summary = try await brokerCall(adapter) {
            try await producer.run(&reader, on: adapter) { sent in
                if json {
                    Self.appendJSON(sent, to: &output.buffer)
                } else {
                    let topicPartition = sent.position.topicPartition
                    if prefixes[topicPartition] == nil {
                        prefixes[topicPartition] = Array((TerminalText.escaped(topicPartition.description) + "@").utf8)
                    }
                    output.buffer.append(contentsOf: prefixes[topicPartition]!)
                    output.buffer.append(offset: sent.position.offset)
                    output.buffer.append(0x0A)
                }
                try output.flushIfFull()
            }
        }
        try output.flush()
        await adapter.shutdown()
        try summary.finish(source: input.name)
    }

    /// Prints each message as it would go out: tail's JSON shape, without offset and timestamp.
    /// Lines are read and judged as a real run reads them.
    private static func dryRun(_ reader: inout LineReader, _ producer: FixtureProducer, output: StandardOutput) throws -> FixtureProducer.Summary {
        var producer = producer
        producer.dryRun = true
        var summary = FixtureProducer.Summary()
        while true {
            let batch = try producer.read(&reader, summary: &summary)
            for message in batch.messages {
                output.buffer.append(literal: #"{"topic":"#)
                JSONOutput.appendString(message.topic, to: &output.buffer)
                output.buffer.append(literal: #","partition":"#)
                if let partition = message.partition { output.buffer.append(decimal: Int64(partition)) } else { output.buffer.append(literal: "null") }
                output.buffer.append(literal: #","key":"#)
                JSONOutput.appendBytes(message.key, to: &output.buffer)
                output.buffer.append(literal: #","headers":"#)
                RecordJSON.appendHeaders(message.headers, to: &output.buffer)
                output.buffer.append(literal: #","value":"#)
                JSONOutput.appendBytes(message.value, to: &output.buffer)
                output.buffer.append(literal: "}\n")
                try output.flushIfFull()
            }
            summary.produced += batch.messages.count
            if batch.messages.isEmpty || summary.failure != nil { return summary }
        }
    }

    /// `{"line":N,"topic":…,"partition":…,"offset":…}`.
    static func appendJSON(_ sent: FixtureProducer.Sent, to output: inout [UInt8]) {
        output.append(literal: #"{"line":"#)
        output.append(decimal: Int64(sent.line))
        output.append(literal: #","topic":"#)
        JSONOutput.appendString(sent.position.topicPartition.topic, to: &output)
        output.append(literal: #","partition":"#)
        output.append(decimal: Int64(sent.position.topicPartition.partition))
        output.append(literal: #","offset":"#)
        RecordJSON.appendOffset(sent.position.offset, to: &output)
        output.append(literal: "}\n")
    }
}

extension ProduceCompression: ExpressibleByArgument {}

/// A file to read lines from, or standard input.
struct InputFile {
    let descriptor: Int32
    /// How error lines name it.
    let name: String
    private let owned: Bool

    /// Opens `path`; `nil` or `-` is standard input. A file that cannot be opened is exit 2.
    init(path: String?) throws(EvmonError) {
        guard let path, path != "-" else {
            descriptor = STDIN_FILENO
            name = "stdin"
            owned = false
            return
        }
        let opened = open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { throw .usage("\(path): \(String(cString: strerror(errno)))") }
        descriptor = opened
        name = path
        owned = true
    }

    func close() {
        if owned { _ = Glibc.close(descriptor) }
    }
}

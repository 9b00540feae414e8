import ArgumentParser
import EvmonModel
import EvmonJSON
import EvmonWatches

/// `evmon lag`: consumer-group lag per partition, with the TUI's health verdicts.
struct LagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lag", abstract: "Show consumer-group lag per partition (end − committed), with its health.",
        discussion: """
            HEALTH is the TUI lag pane's verdict (OK, WARN, STALL, STOP, REWIND, UNKNOWN), \
            judged over --samples polls --interval apart: 4 polls 2s apart by default, so lag \
            takes about 6 seconds, long enough to see a commit every 5 seconds (Kafka's \
            auto-commit). STOP means no commit for longer than that window. --samples 10 \
            --interval 2s judges over the TUI's own window; --samples 1 answers at once, \
            with UNKNOWN wherever lag is not 0.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this consumer group.")
    var group: String?

    @Flag(help: "One row per group (state, partitions, total lag, worst health) instead of per partition.")
    var groups = false

    @Option(help: "Polls to judge health over (1 or more).")
    var samples: Int = 4

    @Option(help: "Time between polls (500ms, 2s, …).")
    var interval: String = "2s"

    @Option(help: "text (default, a table) or json (one object per line).")
    var format: ListFormat = .text

    func validate() throws {
        guard samples >= 1 else { throw ValidationError("--samples must be 1 or more, not \(samples)") }
    }

    func run() async throws {
        let intervalMilliseconds: Int64
        do {
            intervalMilliseconds = try WatchDuration.milliseconds(parsing: interval)
        } catch {
            throw EvmonError.usage("--interval \(interval): expected a duration such as 500ms, 1s or 2s")
        }
        let resolved = try global.resolve()
        if case .file = resolved.url {
            throw EvmonError.usage("\(resolved.url) is a capture: it holds messages, not consumer groups; lag needs a live broker")
        }
        let adapter = try resolved.open()
        // An unknown group is known after one poll: do not make the person wait for the others.
        if let group {
            let known = try await brokerCall(adapter) { try await adapter.listConsumerGroups() }.map(\.group).sorted()
            if !known.contains(group) { throw EvmonError.unknownGroup(group, known: known) }
        }
        var polled = try await LagSampling.poll(adapter, samples: samples, intervalMilliseconds: intervalMilliseconds)
        if let group { polled = polled.filter { $0.group == group } }
        let output = StandardOutput()
        if groups {
            try LagGroupsOutput.write(polled, json: format == .json, to: output)
        } else {
            switch format {
            case .json:
                for entry in polled {
                    for (offsets, health) in entry.partitions { Self.appendJSON(group: entry.group, offsets, health: health, to: &output.buffer) }
                }
            case .text:
                var table = Table(headers: ["GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG", "HEALTH"], rightAligned: [2, 3, 4, 5])
                for entry in polled {
                    for (offsets, health) in entry.partitions {
                        table.add([
                            entry.group, offsets.topicPartition.topic, String(offsets.topicPartition.partition),
                            offsets.committed?.description ?? "-", offsets.end?.description ?? "-",
                            offsets.lag.map(String.init) ?? "-", health.rawValue,
                        ])
                    }
                }
                for line in table.lines { try output.line(line) }
            }
        }
        try output.flush()
        await adapter.shutdown()
    }

    /// `{"group","topic","partition","committed","end","lag","health"}` (docs/CLI.md).
    static func appendJSON(group: String, _ offsets: PartitionOffsets, health: LagHealth, to output: inout [UInt8]) {
        output.append(contentsOf: #"{"group":"#.utf8)
        JSONOutput.appendString(group, to: &output)
        output.append(contentsOf: #","topic":"#.utf8)
        JSONOutput.appendString(offsets.topicPartition.topic, to: &output)
        output.append(contentsOf: #","partition":"#.utf8)
        output.append(decimal: Int64(offsets.topicPartition.partition))
        output.append(contentsOf: #","committed":"#.utf8)
        appendOptionalOffset(offsets.committed, to: &output)
        output.append(contentsOf: #","end":"#.utf8)
        appendOptionalOffset(offsets.end, to: &output)
        output.append(contentsOf: #","lag":"#.utf8)
        if let lag = offsets.lag { output.append(decimal: lag) } else { output.append(contentsOf: "null".utf8) }
        output.append(contentsOf: #","health":"#.utf8)
        JSONOutput.appendString(health.rawValue, to: &output)
        output.append(contentsOf: "}\n".utf8)
    }

    private static func appendOptionalOffset(_ offset: Offset?, to output: inout [UInt8]) {
        if let offset { RecordJSON.appendOffset(offset, to: &output) } else { output.append(contentsOf: "null".utf8) }
    }
}

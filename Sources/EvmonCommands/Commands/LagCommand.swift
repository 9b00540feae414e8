import ArgumentParser
import EvmonModel
import EvmonJSON

/// `evmon lag`: consumer-group lag per partition.
struct LagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lag", abstract: "Show consumer-group lag per partition (end − committed).")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only this consumer group.")
    var group: String?

    @Option(help: "table or json (one object per line).")
    var format: ListFormat = .table

    func run() async throws {
        let adapter = try global.resolve().open()
        var groups = try await brokerCall(adapter) { try await adapter.listConsumerGroups() }
            .sorted { $0.group < $1.group }
        if let group {
            let known = groups.map(\.group)
            groups = groups.filter { $0.group == group }
            if groups.isEmpty { throw EvmonError.unknownGroup(group, known: known) }
        }
        let rows = groups.flatMap { snapshot in
            snapshot.partitions.sorted { $0.topicPartition < $1.topicPartition }.map { (snapshot.group, $0) }
        }
        let output = StandardOutput()
        switch format {
        case .json:
            for (group, offsets) in rows { Self.appendJSON(group: group, offsets, to: &output.buffer) }
        case .table:
            var table = Table(headers: ["GROUP", "TOPIC", "PARTITION", "COMMITTED", "END", "LAG"], rightAligned: [2, 3, 4, 5])
            for (group, offsets) in rows {
                table.add([
                    group, offsets.topicPartition.topic, String(offsets.topicPartition.partition),
                    offsets.committed?.description ?? "-", offsets.end?.description ?? "-",
                    offsets.lag.map(String.init) ?? "-",
                ])
            }
            for line in table.lines { try output.line(line) }
        }
        try output.flush()
        await adapter.shutdown()
    }

    /// `{"group","topic","partition","committed","end","lag"}` (docs/CLI.md).
    static func appendJSON(group: String, _ offsets: PartitionOffsets, to output: inout [UInt8]) {
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
        output.append(contentsOf: "}\n".utf8)
    }

    private static func appendOptionalOffset(_ offset: Offset?, to output: inout [UInt8]) {
        if let offset { RecordJSON.appendOffset(offset, to: &output) } else { output.append(contentsOf: "null".utf8) }
    }
}

import ArgumentParser
import EvmonJSON

/// `evmon topics`: every topic with its partitions and message count.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "List topics with partitions and message counts.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "text (default, a table) or json (one object per line).")
    var format: ListFormat = .text

    func run() async throws {
        let adapter = try global.resolve().open()
        let topics = try await brokerCall(adapter) { try await adapter.listTopics() }
            .sorted { $0.name < $1.name }
        let output = StandardOutput()
        switch format {
        case .json:
            for topic in topics {
                output.buffer.append(contentsOf: #"{"topic":"#.utf8)
                JSONOutput.appendString(topic.name, to: &output.buffer)
                output.buffer.append(contentsOf: #","partitions":"#.utf8)
                output.buffer.append(decimal: Int64(topic.partitions.count))
                output.buffer.append(contentsOf: #","messages":"#.utf8)
                output.buffer.append(decimal: topic.messageCount)
                output.buffer.append(contentsOf: "}\n".utf8)
            }
        case .text:
            var table = Table(headers: ["TOPIC", "PARTITIONS", "MESSAGES"], rightAligned: [1, 2])
            for topic in topics { table.add([topic.name, String(topic.partitions.count), String(topic.messageCount)]) }
            for line in table.lines { try output.line(line) }
        }
        try output.flush()
        await adapter.shutdown()
    }
}

/// `--format` of listing commands: `text` (a table, for people) or `json`, the names `check` and
/// `dlq replay` use too; `table`, the name these commands used first, still works.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    init?(argument: String) {
        switch argument {
        case "text", "table": self = .text
        case "json": self = .json
        default: return nil
        }
    }
}

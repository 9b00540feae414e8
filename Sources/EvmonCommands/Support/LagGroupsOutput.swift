import EvmonJSON
import EvmonModel

/// `evmon lag --groups`: one row per consumer group, as the TUI's lag pane summarises a group.
enum LagGroupsOutput {
    /// A table `GROUP STATE TOPICS PARTITIONS LAG HEALTH`, or JSON lines
    /// `{"group","state","topics","partitions","lag","health"}`; `health` is the worst partition's.
    static func write(_ groups: [LagSampling.Group], json: Bool, to output: StandardOutput) throws {
        if json {
            for group in groups {
                output.buffer.append(contentsOf: #"{"group":"#.utf8)
                JSONOutput.appendString(group.group, to: &output.buffer)
                output.buffer.append(contentsOf: #","state":"#.utf8)
                if let state = group.state { JSONOutput.appendString(state, to: &output.buffer) } else { output.buffer.append(contentsOf: "null".utf8) }
                output.buffer.append(contentsOf: #","topics":["#.utf8)
                for (index, topic) in topics(of: group).enumerated() {
                    if index > 0 { output.buffer.append(UInt8(ascii: ",")) }
                    JSONOutput.appendString(topic, to: &output.buffer)
                }
                output.buffer.append(contentsOf: #"],"partitions":"#.utf8)
                output.buffer.append(decimal: Int64(group.partitions.count))
                output.buffer.append(contentsOf: #","lag":"#.utf8)
                if let lag = group.totalLag { output.buffer.append(decimal: lag) } else { output.buffer.append(contentsOf: "null".utf8) }
                output.buffer.append(contentsOf: #","health":"#.utf8)
                JSONOutput.appendString(group.worstHealth.rawValue, to: &output.buffer)
                output.buffer.append(contentsOf: "}\n".utf8)
            }
            return
        }
        var table = Table(headers: ["GROUP", "STATE", "TOPICS", "PARTITIONS", "LAG", "HEALTH"], rightAligned: [3, 4])
        for group in groups {
            table.add([
                group.group, group.state ?? "-", topics(of: group).joined(separator: ","), String(group.partitions.count),
                group.totalLag.map(String.init) ?? "-", group.worstHealth.rawValue,
            ])
        }
        for line in table.lines { try output.line(line) }
    }

    /// The group's topics, each once, sorted.
    private static func topics(of group: LagSampling.Group) -> [String] {
        Array(Set(group.partitions.map(\.offsets.topicPartition.topic))).sorted()
    }
}

import Yams
import EvmonModel
import EvmonTrace
import EvmonWatches

extension Configuration {
    /// Reads `trace: {by: [LINK…], window: DURATION}`; errors name the file and line.
    static func trace(_ node: Node, path: String, into configuration: inout Configuration) throws(EvmonError) {
        guard let settings = node.mapping else { throw .usage("\(path):\(line(node)): 'trace' must be a mapping with 'by' and 'window'") }
        for (key, value) in settings {
            switch key.string {
            case "by":
                guard let links = value.sequence, !links.isEmpty else {
                    throw .usage("\(path):\(line(value)): 'trace.by' must be a list such as [key, traceparent, .payload.order_id, \"header:x-correlation-id\"]")
                }
                configuration.traceLinks = try links.map { (link) throws(EvmonError) -> TraceLink in
                    guard let text = link.string else { throw .usage("\(path):\(line(link)): a trace link must be text") }
                    do throws(EvmonError) {
                        return try TraceLink(parsing: text)
                    } catch {
                        throw .usage("\(path):\(line(link)): \(error.description)")
                    }
                }
            case "window":
                guard let text = value.string else { throw .usage("\(path):\(line(value)): 'trace.window' must be a duration such as 10m") }
                do throws(EvmonError) {
                    configuration.traceWindow = try WatchDuration.milliseconds(parsing: text)
                } catch {
                    throw .usage("\(path):\(line(value)): trace.window: \(error.description)")
                }
            default:
                throw .usage("\(path):\(line(key)): unknown key 'trace.\(key.string ?? "")' (expected by, window)")
            }
        }
    }
}

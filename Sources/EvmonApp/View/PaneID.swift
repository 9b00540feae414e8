/// The panes of the monitor, in Tab order.
public enum PaneID: Int, Sendable, CaseIterable, Hashable {
    case topics, stream, detail, lag, dlq, watches

    /// The pane's title.
    public var title: String {
        switch self {
        case .topics: "Topics"
        case .stream: "Stream"
        case .detail: "Detail"
        case .lag: "Lag"
        case .dlq: "DLQ"
        case .watches: "Watches"
        }
    }

    /// The next pane in Tab order, wrapping.
    public var next: PaneID { PaneID(rawValue: (rawValue + 1) % PaneID.allCases.count)! }
    /// The previous pane in Tab order, wrapping.
    public var previous: PaneID {
        PaneID(rawValue: (rawValue + PaneID.allCases.count - 1) % PaneID.allCases.count)!
    }
}

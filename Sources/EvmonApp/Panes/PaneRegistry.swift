/// The panes of the monitor, in Tab order: the one place a pane is registered.
///
/// A pane is a case here, its `PaneFeature` (title, place in the layout, keys, reducer) in the
/// `feature` switch below, and its drawer in EvmonUI's `PaneID.drawer` switch. Both switches are
/// exhaustive, so a case missing from either does not compile; the layout, Tab order, focus keys,
/// the `?` overlay and the hint bar all come from `PaneRegistry.all`.
public enum PaneID: Int, Sendable, CaseIterable, Hashable {
    case topics, stream, detail, lag, dlq, watches

    /// The pane's model half.
    public var feature: PaneFeature {
        switch self {
        case .topics: .topics
        case .stream: .stream
        case .detail: .detail
        case .lag: .lag
        case .dlq: .deadLetters
        case .watches: .watches
        }
    }

    /// The pane's title, as its border and the `?` overlay show it.
    public var title: String { feature.title }

    /// The next pane in Tab order, wrapping.
    public var next: PaneID { PaneID(rawValue: (rawValue + 1) % PaneID.allCases.count)! }
    /// The previous pane in Tab order, wrapping.
    public var previous: PaneID {
        PaneID(rawValue: (rawValue + PaneID.allCases.count - 1) % PaneID.allCases.count)!
    }
}

/// Every registered pane.
public enum PaneRegistry {
    /// The panes' model halves in Tab order (the order of `PaneID`'s cases).
    public static let all: [PaneFeature] = PaneID.allCases.map(\.feature)

    /// `1`…`9` focus the panes in Tab order (the number is in each pane's title).
    static let focusBindings: [KeyBinding] = all.prefix(9).enumerated().map { index, feature in
        KeyBinding([.character(Character(String(index + 1)))], .focus(feature.id), help: "go to \(feature.title)")
    }
}

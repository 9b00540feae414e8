import EvmonPresentation
import EvmonApp

/// A pane's drawing half; its model half is the `PaneFeature` of the same `PaneID`.
protocol PaneDrawer {
    /// The title on the border after the pane's number; by default the registered title.
    static func title(_ state: AppState, registered: String) -> String
    /// Draws the pane's content inside its border.
    static func draw(_ state: AppState, in inside: Rect, focused: Bool, grid: inout ScreenGrid)
}

extension PaneDrawer {
    static func title(_ state: AppState, registered: String) -> String { registered }
}

extension PaneID {
    /// The pane's drawer: registered here, beside the model half's `PaneID.feature`; the switch is
    /// exhaustive, so a pane without a drawer does not compile.
    var drawer: any PaneDrawer.Type {
        switch self {
        case .topics: TopicsPane.self
        case .stream: StreamPane.self
        case .detail: DetailPane.self
        case .lag: LagPane.self
        case .dlq: DeadLetterPane.self
        case .watches: WatchesPane.self
        }
    }
}

import EvmonPresentation

/// Where every pane goes on a screen of a given size: a pure function, tested as text.
///
/// Comfortable sizes show every registered pane in two columns, each pane where its `PaneSlot`
/// says (today: topics, lag, DLQ and watches on the left, stream above detail on the right),
/// stacked in Tab order, with two rows at the bottom for status and key hints. Zoom gives
/// the focused pane everything above the status rows. Below `minimumSize` nothing fits and the
/// renderer shows a note instead.
public struct ScreenLayout: Sendable, Equatable {
    /// The smallest terminal evmon draws panes on.
    public static let minimumWidth = 60
    public static let minimumHeight = 15

    public var panes: [PaneID: Rect]
    public var statusBar: Rect
    public var hintBar: Rect
    /// True when the terminal is smaller than the minimum.
    public var isTooSmall: Bool

    /// The layout for a `width` × `height` terminal.
    public init(width: Int, height: Int, zoomed: PaneID? = nil) {
        let screen = Rect(x: 0, y: 0, width: width, height: height)
        isTooSmall = width < ScreenLayout.minimumWidth || height < ScreenLayout.minimumHeight
        let (body, bars) = screen.splitTop(height - 2)
        statusBar = Rect(x: 0, y: bars.y, width: width, height: 1)
        hintBar = Rect(x: 0, y: bars.y + 1, width: width, height: 1)
        panes = [:]
        guard !isTooSmall else { return }
        if let zoomed {
            panes[zoomed] = body
            return
        }
        let leftWidth = min(max(body.width * 2 / 5, 28), 72)
        let (left, right) = body.splitLeft(leftWidth)
        for (column, rect) in [(PaneSlot.Column.left, left), (.right, right)] {
            let stacked = PaneRegistry.all.filter { $0.slot.column == column }
            var rest = rect
            for (index, pane) in stacked.enumerated() {
                // The last pane of a column takes what is left, so no column ends in a gap.
                let rows = index == stacked.count - 1 ? rest.height : pane.slot.height.rows(column: rect.height, rest: rest.height)
                let (placed, below) = rest.splitTop(rows)
                panes[pane.id] = placed
                rest = below
            }
        }
    }

    /// Rows of content inside a pane's border (0 when the pane is not shown).
    public func contentHeight(of pane: PaneID) -> Int {
        max(0, (panes[pane]?.height ?? 0) - 2)
    }
}

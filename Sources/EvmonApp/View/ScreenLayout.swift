/// Where every pane goes on a screen of a given size: a pure function, tested as text.
///
/// Comfortable sizes show all six panes: a left column (topics, lag, DLQ, watches) and a right
/// column (stream above detail), with two rows at the bottom for status and key hints. Zoom gives
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
        let (stream, detail) = right.splitTop(right.height * 11 / 20)
        panes[.stream] = stream
        panes[.detail] = detail
        // Topics and lag matter most; DLQ and watches get what is left, at least three rows each.
        let topicsHeight = max(3, left.height * 3 / 10)
        let lagHeight = max(3, left.height * 3 / 10)
        let (topics, belowTopics) = left.splitTop(topicsHeight)
        let (lag, belowLag) = belowTopics.splitTop(lagHeight)
        let (dlq, watches) = belowLag.splitTop(belowLag.height / 2)
        panes[.topics] = topics
        panes[.lag] = lag
        panes[.dlq] = dlq
        panes[.watches] = watches
    }

    /// Rows of content inside a pane's border (0 when the pane is not shown).
    public func contentHeight(of pane: PaneID) -> Int {
        max(0, (panes[pane]?.height ?? 0) - 2)
    }
}

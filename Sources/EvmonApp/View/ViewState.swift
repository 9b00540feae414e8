import EvmonPresentation
import EvmonModel
import EvmonDeadLetters

/// Everything about how the model is being looked at: focus, cursors, modes, the stream.
public struct ViewState: Sendable, Equatable {
    public var focus: PaneID = .stream
    /// The pane shown full screen, if any. The stream's viewport follows: every path that zooms,
    /// unzooms or moves the zoom (Enter on a watch, Esc from detail) resizes it, not only `z`.
    public var zoomed: PaneID? {
        didSet { if zoomed != oldValue { fitStreamViewport() } }
    }
    public var overlay: Overlay?
    /// The trace `t` opened, shown while `overlay` is `.trace`.
    public var trace: TraceView?
    /// Traces started so far, so a search's late answers are known for what they are.
    public var traceSearches = 0
    /// How far the `?` overlay is scrolled (it is longer than small terminals).
    public var helpScroll = 0
    public var mode: InputMode = .normal
    public var keymap: Keymap = .standard
    /// Terminal size in cells, from the driver; the stream's viewport follows.
    public var width = 80 {
        didSet { if width != oldValue { fitStreamViewport() } }
    }
    public var height = 24 {
        didSet { if height != oldValue { fitStreamViewport() } }
    }
    public var stream: StreamView
    /// The message opened in the detail pane: copied, so it stays when its buffer moves on.
    public var detail: DetailView?
    /// Row cursors of the list panes.
    public var topicCursor = 0
    public var lagCursor = 0
    /// The DLQ pane's cursor, collapsed groups and marked entries.
    public var deadLetters = DeadLetterView()
    public var watchCursor = 0
    /// The topics were selected for streaming at least once (automatically or by the user).
    public var hasChosenTopics = false
    /// Where new tails start, and where the last seek went.
    public var startPosition: StartPosition = .latest
    /// Filters applied with Enter, for ↑/↓ at the `/` prompt and for `n`/`N`.
    public var filterHistory = PromptHistory()
    /// The seek under way until its first message arrives or its partitions are read to the end.
    public var seek: SeekProgress?
    /// A one-line message for the status bar (a command's answer or error) and when it was set.
    public var notice: Notice?
    /// The UTC offset of local time in seconds, for showing timestamps.
    public var utcOffsetSeconds = 0
    /// Why writes are refused (`--read-only`, a read-only profile); `nil` when they are allowed.
    public var readOnlyReason: String?
    public var isReadOnly: Bool { readOnlyReason != nil }
    /// Set by `q` or `:q`; the runtime exits.
    public var quitRequested = false

    public init(streamCapacity: Int) {
        stream = StreamView(capacity: streamCapacity)
        fitStreamViewport()
    }

    /// The layout for the current size and zoom.
    public var layout: ScreenLayout { ScreenLayout(width: width, height: height, zoomed: zoomed) }
}

/// A status-bar message.
public struct Notice: Sendable, Equatable {
    public var text: String
    public var isError: Bool
    /// Epoch ms when it was posted; it fades after a while.
    public var at: Int64

    public init(_ text: String, isError: Bool = false, at: Int64) {
        self.text = text
        self.isError = isError
        self.at = at
    }
}

/// The detail pane's content: a record and its rendered document, scrolled.
public struct DetailView: Sendable, Equatable {
    public var record: Record
    public var document: DetailDocument
    public var scroll = 0
    /// What was recognised when the record is a dead letter (kept to rebuild the document).
    public var deadLetter: DeadLetterEntry?
    /// Stack traces shown whole (Enter toggles).
    public var unfoldsStackTraces = false
    /// The pane Enter opened it from; Esc goes back there (the DLQ, the watches, the stream).
    public var openedFrom: PaneID = .stream
    /// Long lines wrap (`w` toggles); otherwise they are cut and scroll sideways.
    public var wraps = false
    /// Columns scrolled sideways (`←`/`h`, `→`/`l`) while not wrapping.
    public var column = 0

    public init(record: Record, document: DetailDocument) {
        self.record = record
        self.document = document
    }
}

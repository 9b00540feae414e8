/// What a key asks the monitor to do; the keymap binds keys to these.
///
/// Some are the same everywhere (focus, filter, zoom, help, quit); the verbs below them mean
/// what the focused pane's feature makes of them (`PaneFeature.reduce`).
public enum UICommand: Sendable, Hashable {
    case focusNext, focusPrevious
    case focus(PaneID)
    case moveDown, moveUp, pageDown, pageUp, top, bottom
    /// `ctrl-d` / `ctrl-u`: half a page, as in vim and k9s.
    case halfPageDown, halfPageUp
    /// Esc: cancel a replay run, leave detail, clear the filter, unzoom.
    case back
    case startFilter, startCommand
    case toggleZoom, toggleHelp
    case quit
    /// Enter: open the selection (a message's detail, a topic's stream, a watch's offender).
    case open
    /// Space: the pane's own switch (stream a topic, pause the stream, mark a dead letter).
    case toggle
    /// Replay the marked dead letters, the group or entry under the cursor, or re-produce the
    /// message shown (after confirming).
    case replay
    /// Replay them to a topic typed at a prompt instead of their origin.
    case replayElsewhere
    /// `m` in the stream: mark the message for an export.
    case mark
    /// `x`: write the stream's rows (or the marked dead letters) to a file, after a prompt for its path.
    case export
    /// Edit the message's value in `$EDITOR`, then confirm its replay.
    case editAndReplay
    /// `n` / `N`: the next / previous message matching the filter (the last one used after Esc).
    case nextMatch, previousMatch
    /// `←`/`h`, `→`/`l`: long text scrolled sideways (the stream's values, detail's lines).
    case scrollLeft, scrollRight
    /// `w` in detail: wrap long lines instead of scrolling them sideways.
    case toggleWrap
    /// `y`: copy the selected message's value to the clipboard (OSC 52).
    case copyValue
    /// `o` on a dead letter: the message it was made from, in its topic.
    case jumpToOrigin
    /// `t` on a message: every message of its transaction across topics.
    case trace
}

/// What a key asks the monitor to do; the keymap binds keys to these.
public enum UICommand: Sendable, Hashable {
    case focusNext, focusPrevious
    case focus(PaneID)
    case moveDown, moveUp, pageDown, pageUp, top, bottom
    /// Enter: open the selection (a message's detail, a topic's stream, a watch's offender).
    case open
    /// Esc: close the overlay, clear the filter, or go back from detail.
    case back
    case startFilter, startCommand
    case togglePause, toggleZoom, toggleHelp
    /// Space on a topic: stream it or stop streaming it.
    case toggleTopic
    /// Space on a dead letter (or a group of them): mark it for a bulk replay.
    case toggleMark
    /// Replay the marked dead letters, or the group or entry under the cursor (after confirming).
    case replay
    /// Replay them to a topic typed at a prompt instead of their origin.
    case replayElsewhere
    /// Edit the dead letter's value in `$EDITOR`, then confirm its replay.
    case editAndReplay
    case quit
}

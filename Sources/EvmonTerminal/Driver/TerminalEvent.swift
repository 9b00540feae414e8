import EvmonPresentation
import EvmonApp

/// What the terminal reports to the runtime: a key press or a new size.
public enum TerminalEvent: Sendable, Equatable {
    /// A key the user pressed, already translated from curses codes.
    case key(Key)
    /// The terminal now has `width` columns and `height` rows (also sent once right after start).
    case resized(width: Int, height: Int)
}

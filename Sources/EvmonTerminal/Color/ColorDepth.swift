/// How many colours the driver may use, decided once at start from the terminal and `NO_COLOR`.
enum ColorDepth: Sendable, Equatable, CaseIterable {
    /// No colours at all: `NO_COLOR` is set, or the terminal has none. Attributes only.
    case monochrome
    /// The eight basic ANSI colours; bright foregrounds are approximated with bold.
    case eight
    /// The sixteen ANSI colours.
    case sixteen
    /// The xterm 256-colour palette (24-bit colours map to its nearest entry).
    case palette256

    /// The depth for a terminal reporting `colors` colours (curses' `COLORS`, 0 without colour).
    init(colors: Int, noColor: Bool) {
        if noColor || colors < 8 {
            self = .monochrome
        } else if colors > 256 {
            // Direct-colour terminfo (xterm-direct): numbers from 8 up are packed RGB values, so
            // neither palette numbers nor bright ANSI numbers mean what they say; 0–7 are safe.
            self = .eight
        } else if colors == 256 {
            self = .palette256
        } else if colors >= 16 {
            self = .sixteen
        } else {
            self = .eight
        }
    }

    /// Whether `NO_COLOR` asks for no colour: any non-empty value counts (no-color.org).
    static func noColorRequested(in environment: [String: String]) -> Bool {
        guard let value = environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }
}

import EvmonUI

/// A role's style as this terminal can show it: curses colour numbers (-1 is the terminal's
/// default) and attributes. Computed purely from the theme and the colour depth.
struct TerminalStyle: Sendable, Equatable, Hashable {
    var foreground: Int16
    var background: Int16
    var bold = false
    var dim = false
    var underline = false
    var reverse = false

    /// Resolves `style` for a terminal of `depth`. `defaultColors` says whether the terminal
    /// accepted `use_default_colors` (without it -1 is not a colour: white on black stands in).
    static func resolve(_ style: RoleStyle, role: StyleRole, depth: ColorDepth, defaultColors: Bool = true) -> TerminalStyle {
        var result = TerminalStyle(
            foreground: -1, background: -1, bold: style.bold, dim: style.dim, underline: style.underline,
            reverse: style.reverse)
        guard depth != .monochrome else {
            // Without colour, a style that only a colour set apart must still stand out: a coloured
            // background (a status bar, a selection) becomes reverse video, and a selection with
            // neither background nor attributes is reversed too.
            let colourOnly = !style.bold && !style.underline && !style.reverse
            let isSelection = role == .selection || role == .selectionUnfocused
            if style.background != .terminalDefault || (isSelection && colourOnly) { result.reverse = true }
            return result
        }
        let foreground = ColorDegrade.number(for: style.foreground, depth: depth)
        let background = ColorDegrade.number(for: style.background, depth: depth)
        result.foreground = foreground.number
        result.background = background.number
        // Eight-colour terminals show a bright foreground as bold; a bright background cannot be shown.
        if foreground.wantsBold { result.bold = true }
        if !defaultColors {
            if result.foreground < 0 { result.foreground = 7 }
            if result.background < 0 { result.background = 0 }
        }
        if result.foreground >= 0, result.foreground == result.background, style.foreground != style.background {
            // Two colours the theme told apart became one (light grey on white at 8 colours):
            // keep the text readable with black or white on it.
            result.foreground = result.background == 0 ? 7 : 0
        }
        return result
    }
}

import EvmonUI

/// Maps a theme colour to the nearest colour a terminal of some depth has. Pure.
enum ColorDegrade {
    /// A curses colour number (-1 is the terminal default), and whether bold should stand in for
    /// brightness (an eight-colour terminal asked for a bright colour).
    struct Mapped: Sendable, Equatable {
        var number: Int16
        var wantsBold = false
    }

    static func number(for color: ThemeColor, depth: ColorDepth) -> Mapped {
        switch (color, depth) {
        case (_, .monochrome), (.terminalDefault, _):
            return Mapped(number: -1)
        case (.ansi(let index), .eight):
            let index = index & 15
            return Mapped(number: Int16(index & 7), wantsBold: index >= 8)
        case (.ansi(let index), _):
            return Mapped(number: Int16(index & 15))
        case (.palette(let index), .palette256):
            return Mapped(number: Int16(index))
        case (.palette(let index), _):
            return toSixteen(index < 16 ? index : XtermPalette.nearest(XtermPalette.rgb(index), among: 0...15), depth: depth)
        case (.rgb(let red, let green, let blue), .palette256):
            // 0–15 are left out: terminals let users redefine them, the cube and greys are fixed.
            return Mapped(number: Int16(XtermPalette.nearest((red, green, blue), among: 16...255)))
        case (.rgb(let red, let green, let blue), _):
            return toSixteen(XtermPalette.nearest((red, green, blue), among: 0...15), depth: depth)
        }
    }

    private static func toSixteen(_ index: UInt8, depth: ColorDepth) -> Mapped {
        depth == .eight ? Mapped(number: Int16(index & 7), wantsBold: index >= 8) : Mapped(number: Int16(index))
    }
}

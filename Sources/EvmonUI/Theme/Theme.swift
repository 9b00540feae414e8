/// A terminal colour as a theme names it.
public enum ThemeColor: Sendable, Equatable, Hashable {
    /// The terminal's own default foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours: 0–7 normal (black, red, green, yellow, blue, magenta, cyan,
    /// white), 8–15 their bright forms.
    case ansi(UInt8)
    /// An xterm 256-colour palette index.
    case palette(UInt8)
    /// A 24-bit colour; drivers map it to the nearest palette entry the terminal has.
    case rgb(UInt8, UInt8, UInt8)
}

/// How one role looks: colours plus attributes. Attributes survive `NO_COLOR` and monochrome.
public struct RoleStyle: Sendable, Equatable, Hashable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    public init(
        foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault,
        bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }
}

/// A named mapping from every `StyleRole` to a `RoleStyle`.
public struct Theme: Sendable, Equatable {
    public var name: String
    private var styles: [RoleStyle]

    /// A theme where every role not in `styles` looks like `.text`'s style (or plain).
    public init(name: String, styles: [StyleRole: RoleStyle]) {
        self.name = name
        let base = styles[.text] ?? RoleStyle()
        self.styles = StyleRole.allCases.map { styles[$0] ?? base }
    }

    /// The style for `role`.
    public subscript(role: StyleRole) -> RoleStyle {
        get { styles[Int(role.rawValue)] }
        set { styles[Int(role.rawValue)] = newValue }
    }
}

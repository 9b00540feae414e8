import EvmonPresentation
import EvmonApp

extension ScreenGrid {
    /// Draws a box around `rect` with `title` in its top edge; returns the inside.
    @discardableResult
    public mutating func box(_ rect: Rect, title: String, focused: Bool) -> Rect {
        guard rect.width >= 2, rect.height >= 2 else { return Rect(x: rect.x, y: rect.y, width: 0, height: 0) }
        let role: StyleRole = focused ? .borderFocused : .border
        let (horizontal, vertical): (UInt32, UInt32) = focused ? (0x2550, 0x2551) : (0x2500, 0x2502)
        let corners: [UInt32] = focused ? [0x2554, 0x2557, 0x255A, 0x255D] : [0x250C, 0x2510, 0x2514, 0x2518]
        fill(Rect(x: rect.x + 1, y: rect.y, width: rect.width - 2, height: 1), scalar: horizontal, role: role)
        fill(Rect(x: rect.x + 1, y: rect.maxY - 1, width: rect.width - 2, height: 1), scalar: horizontal, role: role)
        fill(Rect(x: rect.x, y: rect.y + 1, width: 1, height: rect.height - 2), scalar: vertical, role: role)
        fill(Rect(x: rect.maxX - 1, y: rect.y + 1, width: 1, height: rect.height - 2), scalar: vertical, role: role)
        set(rect.x, rect.y, scalar: corners[0], role: role)
        set(rect.maxX - 1, rect.y, scalar: corners[1], role: role)
        set(rect.x, rect.maxY - 1, scalar: corners[2], role: role)
        set(rect.maxX - 1, rect.maxY - 1, scalar: corners[3], role: role)
        if rect.width > 4 {
            write(" \(title) ", x: rect.x + 2, y: rect.y, width: rect.width - 4, role: focused ? .titleFocused : .title, pad: false, marksCut: true)
        }
        let inside = rect.inset(by: 1)
        fill(inside, role: .text)
        return inside
    }

    /// Writes styled spans left to right from (`x`, `y`) within `width` columns, padding the rest.
    /// With `marksCut`, a line cut at the edge ends in `…`.
    public mutating func write(_ spans: StyledLine, x: Int, y: Int, width: Int, marksCut: Bool = false) {
        var column = x
        let limit = x + width
        for (index, span) in spans.enumerated() where column < limit {
            let written = write(span.text, x: column, y: y, width: limit - column, role: span.kind.role, pad: false, marksCut: marksCut)
            column += written
            // Spans after the edge are cut off whole: the last column says so.
            if marksCut, column >= limit, spans[(index + 1)...].contains(where: { !$0.text.isEmpty }) {
                if limit - 1 > x, limit - 1 < width, y >= 0, y < height, self[limit - 1, y].isContinuation { set(limit - 2, y, scalar: 0x20, role: span.kind.role) }
                set(limit - 1, y, scalar: 0x2026, role: span.kind.role)
            }
        }
        if column < limit { write("", x: column, y: y, width: limit - column, role: .text) }
    }
}

extension SpanKind {
    /// The style role model text of this kind is drawn in.
    public var role: StyleRole {
        switch self {
        case .text: .text
        case .label: .header
        case .dim: .dim
        case .warn: .warn
        case .error: .error
        case .ok: .ok
        case .jsonKey: .jsonKey
        case .jsonString: .jsonString
        case .jsonNumber: .jsonNumber
        case .jsonLiteral: .jsonLiteral
        case .jsonPunctuation: .jsonPunctuation
        case .hex: .escaped
        }
    }
}

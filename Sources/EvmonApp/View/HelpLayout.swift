/// How the `?` overlay lays its page out on a `width`×`height` screen: the sections side by side
/// in as few columns as show everything, balanced; when even the most columns that fit the width
/// cannot, one column that scrolls.
///
/// The reducer needs it to bound scrolling, the renderer to draw; widths count characters, since
/// every key label and help text is narrow (one cell per character).
public struct HelpLayout: Sendable, Equatable {
    /// One row of a column.
    public enum Row: Sendable, Equatable {
        case heading(String)
        case line(HelpPage.Line)
        /// Between two sections.
        case blank
    }

    /// The columns, left to right, each a list of rows.
    public var columns: [[Row]]
    /// The width of the key column inside each column.
    public var keyWidth: Int
    /// The width of the description inside each column.
    public var textWidth: Int
    /// Rows shown at once (the tallest column when everything shows).
    public var visibleRows: Int
    /// How far the single column can scroll; 0 when everything shows.
    public var lastScroll: Int

    /// A column's width: a space, the keys, two spaces, the text, a space.
    public var columnWidth: Int { keyWidth + textWidth + 4 }

    /// The overlay's inside (within its border) on a screen `width` cells wide; a screen too
    /// narrow for one column cuts the descriptions.
    public func insideWidth(screenWidth width: Int) -> Int {
        min(max(0, width - 6), columns.count * columnWidth)
    }

    /// The layout of `page` on a `width`×`height` screen (the overlay keeps two cells of the
    /// screen's width and one row free on each side, and has a border).
    public init(_ page: HelpPage, width: Int, height: Int) {
        let lines = page.sections.flatMap(\.lines)
        keyWidth = lines.map(\.keys.count).max() ?? 0
        // A heading spans the keys and the text.
        textWidth = max(lines.map(\.text.count).max() ?? 0, (page.sections.map(\.title.count).max() ?? 0) - keyWidth - 2)
        let available = max(1, height - 4)
        let columnWidth = keyWidth + textWidth + 4
        let columnsThatFit = max(1, (width - 6) / max(1, columnWidth))
        let sectionHeights = page.sections.map { $0.lines.count + 1 }
        for count in 1...columnsThatFit {
            guard let target = Self.lowestTarget(sectionHeights, columns: count, atMost: available) else { continue }
            columns = Self.pack(page.sections, heights: sectionHeights, target: target)
            visibleRows = columns.map(\.count).max() ?? 0
            lastScroll = 0
            return
        }
        columns = [Self.rows(page.sections)]
        visibleRows = available
        lastScroll = max(0, columns[0].count - available)
    }

    /// The smallest column height, at most `limit`, at which the sections pack into `columns` columns.
    private static func lowestTarget(_ heights: [Int], columns: Int, atMost limit: Int) -> Int? {
        let total = heights.reduce(0, +) + heights.count - 1
        let lowest = max(heights.max() ?? 0, (total - (columns - 1)) / columns)
        guard lowest <= limit else { return nil }
        return (lowest...limit).first { columnsUsed(heights, target: $0) <= columns }
    }

    /// How many columns the sections take, kept in order and whole, none taller than `target`.
    private static func columnsUsed(_ heights: [Int], target: Int) -> Int {
        var used = 1
        var filled = -1
        for height in heights {
            if filled + 1 + height > target {
                used += 1
                filled = height
            } else {
                filled += 1 + height
            }
        }
        return used
    }

    /// The sections in columns no taller than `target`, in order.
    private static func pack(_ sections: [HelpPage.Section], heights: [Int], target: Int) -> [[Row]] {
        var columns: [[HelpPage.Section]] = [[]]
        var filled = -1
        for (section, height) in zip(sections, heights) {
            if filled + 1 + height > target, !columns[columns.count - 1].isEmpty {
                columns.append([])
                filled = -1
            }
            columns[columns.count - 1].append(section)
            filled += 1 + height
        }
        return columns.map(rows)
    }

    /// Sections as rows, a blank row between two.
    private static func rows(_ sections: [HelpPage.Section]) -> [Row] {
        sections.enumerated().flatMap { index, section in
            (index == 0 ? [] : [Row.blank]) + [.heading(section.title)] + section.lines.map(Row.line)
        }
    }
}

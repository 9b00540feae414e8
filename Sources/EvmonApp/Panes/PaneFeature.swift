/// A pane's model half: its title, its place in the layout, the keys that apply only there, and
/// what the keys do to the state.
///
/// The drawing half is a `PaneDrawer` in EvmonUI, which this target cannot import (the renderer
/// depends on the model, not the other way round); both halves are registered by `PaneID` in
/// exhaustive switches.
public struct PaneFeature: Sendable {
    /// Which pane this is.
    public let id: PaneID
    /// The title on its border (after its number) and in the `?` overlay.
    public let title: String
    /// Where it sits when nothing is zoomed.
    public let slot: PaneSlot
    /// Bindings that apply only with this pane focused, in the order the hint bar and the `?`
    /// overlay show them. They win over global bindings of the same key.
    public let bindings: [KeyBinding]
    /// Moves the pane's cursor or scroll by `rows` (negative is up), clamped to what it lists:
    /// `j`/`k`, the page keys, and `g`/`G` as a move past either end.
    let move: @Sendable (_ rows: Int, _ state: inout AppState) -> Void
    /// The pane's part of the reducer: what a command does with the pane focused, or `nil` when
    /// the pane leaves the command to the global handling (`perform` in `Reduce+Keys.swift`).
    let reduce: @Sendable (_ command: UICommand, _ state: inout AppState) -> [Effect]?

    /// A pane; `bindings` are given without panes and scoped to `id` here.
    init(
        id: PaneID, title: String, slot: PaneSlot, bindings: [KeyBinding] = [],
        move: @escaping @Sendable (_ rows: Int, _ state: inout AppState) -> Void,
        reduce: @escaping @Sendable (_ command: UICommand, _ state: inout AppState) -> [Effect]? = { _, _ in nil }
    ) {
        self.id = id
        self.title = title
        self.slot = slot
        self.bindings = bindings.map { binding in
            var scoped = binding
            scoped.panes = [id]
            return scoped
        }
        self.move = move
        self.reduce = reduce
    }
}

/// Where a pane sits when nothing is zoomed: a column, and its height there.
///
/// Panes stack in their column in Tab order; the last pane of a column takes whatever the panes
/// above it left, so a column never has a gap.
public struct PaneSlot: Sendable, Equatable {
    /// The screen's two columns: the left one 2/5 of the width (28 to 72 cells), the right one the rest.
    public enum Column: Sendable, Equatable, CaseIterable {
        case left, right
    }

    /// How tall a pane is in its column.
    public enum Height: Sendable, Equatable {
        /// `numerator`/`denominator` of the column's height, at least `minimum` rows.
        case share(Int, of: Int, minimum: Int)
        /// `numerator`/`denominator` of what the panes above it left.
        case shareOfRest(Int, of: Int)
        /// Everything the panes above it left: the last pane of a column.
        case rest

        /// Rows for a column `column` rows tall of which `rest` are still free.
        func rows(column: Int, rest: Int) -> Int {
            switch self {
            case .share(let numerator, let denominator, let minimum): max(minimum, column * numerator / denominator)
            case .shareOfRest(let numerator, let denominator): rest * numerator / denominator
            case .rest: rest
            }
        }
    }

    /// The column the pane stacks in.
    public var column: Column
    /// Its height there.
    public var height: Height

    /// A pane `height` tall in `column`.
    public init(_ column: Column, _ height: Height) {
        self.column = column
        self.height = height
    }
}

/// A list cursor moved to `value`, kept on one of `count` rows.
func clampedRow(_ value: Int, count: Int) -> Int {
    min(max(0, value), max(0, count - 1))
}

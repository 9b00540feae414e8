extension PaneFeature {
    /// Lag: per consumer group and partition; only moving is its own.
    static let lag = PaneFeature(
        id: .lag, title: "Lag", slot: PaneSlot(.left, .share(3, of: 10, minimum: 3)),
        move: { rows, state in
            state.view.lagCursor = clampedRow(state.view.lagCursor + rows, count: state.lagRows.count)
        })
}

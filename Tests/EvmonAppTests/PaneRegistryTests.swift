import Testing
@testable import EvmonPresentation
@testable import EvmonApp

/// The pane registry: every pane registered once, laid out, reachable by its number, and its
/// keys applying only where it is focused.
@Suite struct PaneRegistryTests {
    @Test func everyPaneIsRegisteredUnderItsOwnIDInTabOrder() {
        #expect(PaneRegistry.all.map(\.id) == PaneID.allCases)
        for pane in PaneID.allCases { #expect(pane.feature.id == pane, "\(pane) registers another pane's feature") }
        #expect(Set(PaneRegistry.all.map(\.title)).count == PaneRegistry.all.count, "titles are unique")
    }

    @Test func everyRegisteredPaneGetsRoomAtEveryComfortableSize() {
        for (width, height) in [(60, 15), (80, 24), (120, 40), (160, 48), (317, 91)] {
            let layout = ScreenLayout(width: width, height: height)
            for pane in PaneRegistry.all {
                let rect = layout.panes[pane.id]
                #expect((rect?.height ?? 0) >= 3 && (rect?.width ?? 0) >= 20, "\(pane.title) at \(width)x\(height): \(String(describing: rect))")
            }
        }
    }

    @Test func eachPaneStacksInItsSlotsColumnInTabOrder() {
        let layout = ScreenLayout(width: 160, height: 48)
        for column in PaneSlot.Column.allCases {
            let stacked = PaneRegistry.all.filter { $0.slot.column == column }.map { layout.panes[$0.id]! }
            #expect(Set(stacked.map(\.x)).count == 1, "one column shares its x")
            #expect(zip(stacked, stacked.dropFirst()).allSatisfy { $0.maxY == $1.y }, "\(column): stacked without gaps, in Tab order")
        }
    }

    @Test func digitsFocusThePanesInTabOrder() {
        for (index, pane) in PaneRegistry.all.enumerated() {
            let digit = Key.character(Character(String(index + 1)))
            for focused in PaneID.allCases {
                #expect(Keymap.standard.command(for: digit, in: focused) == .focus(pane.id))
            }
        }
    }

    @Test func aPanesOwnBindingsApplyOnlyThereAndLeadItsHints() {
        for pane in PaneRegistry.all {
            for binding in pane.bindings {
                #expect(binding.panes == [pane.id], "\(pane.title): \(binding.keyLabel) is scoped to its pane")
                for key in binding.keys { #expect(Keymap.standard.command(for: key, in: pane.id) == binding.command) }
            }
            let ownHints = pane.bindings.filter { $0.hint != nil }
            #expect(Array(Keymap.standard.hints(in: pane.id).prefix(ownHints.count)) == ownHints)
        }
    }
}

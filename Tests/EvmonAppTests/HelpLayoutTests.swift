import Testing
@testable import EvmonApp

/// The `?` overlay's page and its layout: every binding and command listed, whole columns side
/// by side when they fit, one scrolled column when they do not.
@Suite struct HelpLayoutTests {
    let page = HelpPage(keymap: .standard)

    @Test func thePageListsEveryBindingOnceAndEveryPanesOwnUnderItsTitle() {
        let everywhere = page.sections[0].lines
        for binding in Keymap.standard.globalBindings {
            if case .focus = binding.command { continue }
            #expect(everywhere.contains { $0.keys == binding.keyLabel && $0.text == binding.help })
        }
        #expect(everywhere.contains { $0.keys == "1…\(PaneRegistry.all.count)" }, "the focus keys are one line")
        for pane in PaneRegistry.all where !pane.bindings.isEmpty {
            let section = page.sections.first { $0.title == pane.title }
            #expect(section?.lines.map(\.keys) == pane.bindings.map(\.keyLabel))
        }
    }

    @Test func at160x48EverythingShowsUncutInColumns() {
        let layout = HelpLayout(page, width: 160, height: 48)
        #expect(layout.lastScroll == 0)
        #expect(layout.columns.count == 2)
        #expect(layout.columns.allSatisfy { $0.count <= 48 - 4 })
        #expect(layout.insideWidth(screenWidth: 160) == layout.columns.count * layout.columnWidth, "no column is narrowed")
        let shown = layout.columns.joined().compactMap { if case .line(let line) = $0 { line } else { nil } }
        #expect(shown == page.sections.flatMap(\.lines), "every line, in order")
        #expect(shown.allSatisfy { $0.keys.count <= layout.keyWidth && $0.text.count <= layout.textWidth })
    }

    @Test func aTallScreenTakesOneColumnAndASmallOneScrolls() {
        #expect(HelpLayout(page, width: 160, height: 100).columns.count == 1)
        let small = HelpLayout(page, width: 80, height: 24)
        #expect(small.columns.count == 1)
        #expect(small.visibleRows == 20)
        #expect(small.lastScroll == small.columns[0].count - 20)
        #expect(small.insideWidth(screenWidth: 80) == small.columnWidth, "one column still fits 80 wide")
    }
}

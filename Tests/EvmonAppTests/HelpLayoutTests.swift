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
            #expect(everywhere.contains { $0.keys == binding.keyLabel && $0.text.hasPrefix(binding.help) })
        }
        #expect(everywhere.contains { $0.keys == "1…\(PaneRegistry.all.count)" }, "the focus keys are one line")
        for pane in PaneRegistry.all where !pane.bindings.isEmpty {
            let section = page.sections.first { $0.title == pane.title }
            let ownKeys = pane.bindings.filter { binding in
                !Keymap.standard.globalBindings.contains { $0.keys == binding.keys && $0.command == binding.command }
            }
            #expect(section?.lines.map(\.keys) == ownKeys.map(\.keyLabel))
        }
    }

    @Test func noKeyIsListedBothEverywhereAndUnderAPane() {
        let everywhere = Set(page.sections[0].lines.map(\.keys))
        for section in page.sections.dropFirst() where !section.title.hasPrefix("Commands") {
            let twice = section.lines.map(\.keys).filter(everywhere.contains)
            #expect(twice.isEmpty, "\(section.title) repeats \(twice)")
        }
        let bottom = page.sections[0].lines.first { $0.keys == "G/end" }
        #expect(bottom?.text == "bottom; Stream: newest, and follow", "what G means in the stream is told on its one line")
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

import Testing
import EvmonPresentation
import EvmonApp

/// The layout as text: each pane's rectangle, `W×H+X+Y`.
@Suite struct ScreenLayoutTests {
    func describe(_ layout: ScreenLayout) -> String {
        PaneID.allCases.compactMap { pane in layout.panes[pane].map { "\(pane.title) \($0)" } }.joined(separator: ", ")
    }

    @Test func comfortableSizesShowEveryPaneWithoutGapsOrOverlaps() {
        #expect(describe(ScreenLayout(width: 80, height: 24))
            == "Topics 32x6+0+0, Stream 48x12+32+0, Detail 48x10+32+12, Lag 32x6+0+6, DLQ 32x5+0+12, Watches 32x5+0+17")
        #expect(describe(ScreenLayout(width: 160, height: 48))
            == "Topics 64x13+0+0, Stream 96x25+64+0, Detail 96x21+64+25, Lag 64x13+0+13, DLQ 64x10+0+26, Watches 64x10+0+36")
        for (width, height) in [(60, 15), (80, 24), (120, 40), (160, 48), (200, 60), (317, 91)] {
            let layout = ScreenLayout(width: width, height: height)
            var covered = Array(repeating: 0, count: width * (height - 2))
            for rect in layout.panes.values {
                for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { covered[y * width + x] += 1 } }
            }
            #expect(covered.allSatisfy { $0 == 1 }, "\(width)x\(height)")
            #expect(layout.statusBar == Rect(x: 0, y: height - 2, width: width, height: 1))
            #expect(layout.hintBar == Rect(x: 0, y: height - 1, width: width, height: 1))
        }
    }

    @Test func zoomGivesOnePaneEverythingAboveTheBars() {
        #expect(describe(ScreenLayout(width: 100, height: 30, zoomed: .lag)) == "Lag 100x28+0+0")
    }

    @Test func belowSixtyByFifteenNothingIsLaidOut() {
        #expect(ScreenLayout(width: 59, height: 40).isTooSmall)
        #expect(ScreenLayout(width: 100, height: 14).isTooSmall)
        #expect(ScreenLayout(width: 59, height: 40).panes.isEmpty)
        #expect(!ScreenLayout(width: 60, height: 15).isTooSmall)
    }
}

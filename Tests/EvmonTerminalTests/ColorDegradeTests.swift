import EvmonUI
import Testing

@testable import EvmonTerminal

@Suite struct ColorDegradeTests {
    @Test func depthFollowsTheTerminalAndNoColor() {
        #expect(ColorDepth(colors: 256, noColor: false) == .palette256)
        #expect(ColorDepth(colors: 16_777_216, noColor: false) == .eight)  // direct colour: only 0–7 are ANSI
        #expect(ColorDepth(colors: 16, noColor: false) == .sixteen)
        #expect(ColorDepth(colors: 88, noColor: false) == .sixteen)
        #expect(ColorDepth(colors: 8, noColor: false) == .eight)
        #expect(ColorDepth(colors: 0, noColor: false) == .monochrome)
        #expect(ColorDepth(colors: 256, noColor: true) == .monochrome)
    }

    @Test func noColorCountsOnlyWhenNotEmpty() {
        #expect(ColorDepth.noColorRequested(in: ["NO_COLOR": "1"]))
        #expect(ColorDepth.noColorRequested(in: ["NO_COLOR": "false"]))
        #expect(!ColorDepth.noColorRequested(in: ["NO_COLOR": ""]))
        #expect(!ColorDepth.noColorRequested(in: [:]))
    }

    @Test func palette256KeepsAnsiAndPaletteAndMapsRGBToTheCubeOrGreys() {
        #expect(ColorDegrade.number(for: .ansi(12), depth: .palette256) == .init(number: 12))
        #expect(ColorDegrade.number(for: .palette(208), depth: .palette256) == .init(number: 208))
        #expect(ColorDegrade.number(for: .rgb(0xFF, 0x87, 0x00), depth: .palette256) == .init(number: 208))
        #expect(ColorDegrade.number(for: .rgb(0, 0, 0), depth: .palette256) == .init(number: 16))
        #expect(ColorDegrade.number(for: .rgb(0x30, 0x30, 0x30), depth: .palette256) == .init(number: 236))
        #expect(ColorDegrade.number(for: .rgb(0x5F, 0xAF, 0xD7), depth: .palette256) == .init(number: 74))
    }

    @Test func sixteenColoursMapPaletteAndRGBToTheNearestAnsi() {
        #expect(ColorDegrade.number(for: .ansi(9), depth: .sixteen) == .init(number: 9))
        #expect(ColorDegrade.number(for: .palette(196), depth: .sixteen) == .init(number: 9))
        #expect(ColorDegrade.number(for: .palette(4), depth: .sixteen) == .init(number: 4))
        #expect(ColorDegrade.number(for: .rgb(0x10, 0x10, 0x10), depth: .sixteen) == .init(number: 0))
        #expect(ColorDegrade.number(for: .rgb(0xFA, 0xFA, 0xFA), depth: .sixteen) == .init(number: 15))
        #expect(ColorDegrade.number(for: .rgb(0xE0, 0xE0, 0xE0), depth: .sixteen) == .init(number: 7))
        #expect(ColorDegrade.number(for: .palette(244), depth: .sixteen) == .init(number: 8))
    }

    @Test func eightColoursShowBrightAsBold() {
        #expect(ColorDegrade.number(for: .ansi(14), depth: .eight) == .init(number: 6, wantsBold: true))
        #expect(ColorDegrade.number(for: .ansi(2), depth: .eight) == .init(number: 2))
        #expect(ColorDegrade.number(for: .palette(196), depth: .eight) == .init(number: 1, wantsBold: true))
        #expect(ColorDegrade.number(for: .rgb(0, 0xCD, 0), depth: .eight) == .init(number: 2))
    }

    @Test func defaultStaysDefaultAtEveryDepth() {
        for depth in ColorDepth.allCases {
            #expect(ColorDegrade.number(for: .terminalDefault, depth: depth) == .init(number: -1))
        }
    }

    @Test func eightColourStyleTurnsBrightForegroundIntoBoldButNotBrightBackground() {
        let style = RoleStyle(foreground: .ansi(11), background: .ansi(12))
        let resolved = TerminalStyle.resolve(style, role: .statusBar, depth: .eight)
        #expect(resolved == TerminalStyle(foreground: 3, background: 4, bold: true))
    }

    @Test func coloursThatCollapseIntoOneKeepTheTextReadable() {
        // 252 on 255 are two light greys; at 16 colours both become ANSI white (7).
        let style = RoleStyle(foreground: .palette(252), background: .palette(255))
        #expect(TerminalStyle.resolve(style, role: .overlay, depth: .sixteen) == TerminalStyle(foreground: 0, background: 7))
        let dark = RoleStyle(foreground: .palette(233), background: .palette(232))
        #expect(TerminalStyle.resolve(dark, role: .overlay, depth: .eight) == TerminalStyle(foreground: 7, background: 0))
    }

    @Test func withoutDefaultColoursWhiteOnBlackStandsIn() {
        let resolved = TerminalStyle.resolve(RoleStyle(), role: .text, depth: .sixteen, defaultColors: false)
        #expect(resolved == TerminalStyle(foreground: 7, background: 0))
    }

    @Test func noColorKeepsAttributesAndDropsColours() {
        let style = RoleStyle(foreground: .ansi(14), bold: true, underline: true)
        let resolved = TerminalStyle.resolve(style, role: .titleFocused, depth: .monochrome)
        #expect(resolved == TerminalStyle(foreground: -1, background: -1, bold: true, underline: true))
    }

    @Test func noColorReversesWhatOnlyABackgroundColourSetApart() {
        let statusBar = RoleStyle(foreground: .ansi(15), background: .palette(236))
        #expect(TerminalStyle.resolve(statusBar, role: .statusBar, depth: .monochrome).reverse)
        let selection = RoleStyle(foreground: .ansi(11))
        #expect(TerminalStyle.resolve(selection, role: .selection, depth: .monochrome).reverse)
        #expect(TerminalStyle.resolve(selection, role: .selectionUnfocused, depth: .monochrome).reverse)
        let boldSelection = RoleStyle(foreground: .ansi(11), bold: true)
        #expect(!TerminalStyle.resolve(boldSelection, role: .selection, depth: .monochrome).reverse)
        #expect(!TerminalStyle.resolve(RoleStyle(foreground: .ansi(2)), role: .ok, depth: .monochrome).reverse)
    }

    @Test func paletteRGBTableMatchesXterm() {
        #expect(XtermPalette.rgb(16) == (0, 0, 0))
        #expect(XtermPalette.rgb(231) == (255, 255, 255))
        #expect(XtermPalette.rgb(208) == (255, 135, 0))
        #expect(XtermPalette.rgb(232) == (8, 8, 8))
        #expect(XtermPalette.rgb(255) == (238, 238, 238))
    }
}

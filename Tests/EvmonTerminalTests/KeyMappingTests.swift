import CNCurses
import Testing

import EvmonPresentation
@testable import EvmonTerminal
import EvmonApp

@Suite struct KeyMappingTests {
    @Test(arguments: [
        (CursesInput.keyCode(KEY_UP), Key.up), (.keyCode(KEY_DOWN), .down), (.keyCode(KEY_LEFT), .left),
        (.keyCode(KEY_RIGHT), .right), (.keyCode(KEY_PPAGE), .pageUp), (.keyCode(KEY_NPAGE), .pageDown),
        (.keyCode(KEY_HOME), .home), (.keyCode(KEY_END), .end), (.keyCode(KEY_BTAB), .backTab),
        (.keyCode(KEY_ENTER), .enter), (.keyCode(KEY_BACKSPACE), .backspace), (.keyCode(KEY_DC), .delete),
        (.keyCode(KEY_A1), .home), (.keyCode(KEY_C1), .end), (.keyCode(KEY_A3), .pageUp), (.keyCode(KEY_C3), .pageDown),
        (.character(10), .enter), (.character(13), .enter), (.character(9), .tab), (.character(27), .escape),
        (.character(127), .backspace), (.character(8), .backspace),
        (.character(1), .control("a")), (.character(3), .control("c")), (.character(26), .control("z")),
        (.character(0x71), .character("q")), (.character(0x20), .character(" ")), (.character(0x2F), .character("/")),
        (.character(0xE9), .character("é")), (.character(0x6F22), .character("漢")), (.character(0x1F600), .character("😀")),
    ])
    func translatesKeys(input: CursesInput, key: Key) {
        #expect(KeyMapping.translate(input) == .key(key))
    }

    @Test func functionKeysCarryTheirNumber() {
        for number in 1...12 {
            #expect(KeyMapping.translate(.keyCode(evmon_key_f(Int32(number)))) == .key(.function(number)))
        }
    }

    @Test func cursesKeyCodesHaveTheirFixedValues() {
        // The table relies on ncurses' fixed key numbering (octal in curses.h).
        #expect(KEY_DOWN == 0o402 && KEY_UP == 0o403 && KEY_BTAB == 0o541 && KEY_RESIZE == 0o632)
    }

    @Test func resizeIsNotAKey() {
        #expect(KeyMapping.translate(.keyCode(KEY_RESIZE)) == .resize)
    }

    @Test(arguments: [
        CursesInput.character(0), .character(28), .character(31), .character(0x85), .character(0x9B),
        .character(0xD800), .keyCode(KEY_MOUSE), .keyCode(0o777),
    ])
    func ignoresWhatHasNoMeaning(input: CursesInput) {
        #expect(KeyMapping.translate(input) == .ignored)
    }
}

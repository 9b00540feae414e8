import CNCurses
import EvmonPresentation
import EvmonApp

/// Translates curses input to the model's `Key`; pure, so the whole table is unit-tested.
enum KeyMapping {
    /// What one input means to the driver.
    enum Translation: Sendable, Equatable {
        case key(Key)
        /// `KEY_RESIZE`: the driver asks for the new size and reports `.resized`.
        case resize
        /// Input with no meaning for evmon (mouse, unknown keys, stray controls).
        case ignored
    }

    static func translate(_ input: CursesInput) -> Translation {
        switch input {
        case .character(let value): translateCharacter(value)
        case .keyCode(let code): translateKeyCode(code)
        }
    }

    private static func translateCharacter(_ value: UInt32) -> Translation {
        switch value {
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 27: return .key(.escape)
        case 1...26:
            // Ctrl-A is 1 … Ctrl-Z is 26; Ctrl-H/I/J/M were taken above as the keys terminals send.
            return .key(.control(Character(Unicode.Scalar(UInt8(value) + 0x60))))
        case 0..<32, 0x80..<0xA0:
            return .ignored
        default:
            guard let scalar = Unicode.Scalar(value) else { return .ignored }
            return .key(.character(Character(scalar)))
        }
    }

    private static func translateKeyCode(_ code: Int32) -> Translation {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE, KEY_A3: return .key(.pageUp)
        case KEY_NPAGE, KEY_C3: return .key(.pageDown)
        case KEY_HOME, KEY_A1, KEY_FIND: return .key(.home)
        case KEY_END, KEY_C1, KEY_LL, KEY_SELECT: return .key(.end)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_RESIZE: return .resize
        case KEY_F0 + 1...KEY_F0 + 63: return .key(.function(Int(code - KEY_F0)))
        default: return .ignored
        }
    }
}

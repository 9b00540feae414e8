import EvmonUI

/// How theme files spell colours: `default`, the ANSI names (`red`, `bright-red`), a palette
/// number 0–255, or `"#rrggbb"`.
enum ThemeColorName {
    static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// What a bad colour message lists as accepted.
    static let expected = "default, black, red, green, yellow, blue, magenta, cyan, white, bright-black … bright-white, 0-255 or \"#rrggbb\""

    /// The colour `text` names, or nil.
    static func parse(_ text: String) -> ThemeColor? {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "_", with: "-")
        if name == "default" { return .terminalDefault }
        if let index = ansiNames.firstIndex(of: name) { return .ansi(UInt8(index)) }
        if name.hasPrefix("bright-"), let index = ansiNames.firstIndex(of: String(name.dropFirst(7))) {
            return .ansi(UInt8(index + 8))
        }
        if name == "gray" || name == "grey" { return .ansi(8) }
        if let number = Int(name), (0...255).contains(number) { return .palette(UInt8(number)) }
        if name.hasPrefix("#"), name.count == 7, let value = UInt32(name.dropFirst(), radix: 16) {
            return .rgb(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        }
        return nil
    }

    /// The canonical spelling of `color` (for messages and round trips).
    static func name(of color: ThemeColor) -> String {
        switch color {
        case .terminalDefault: "default"
        case .ansi(let index) where index < 8: ansiNames[Int(index)]
        case .ansi(let index): "bright-" + ansiNames[Int(index & 7)]
        case .palette(let index): String(index)
        case .rgb(let red, let green, let blue):
            "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}

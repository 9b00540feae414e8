import EvmonPresentation
import EvmonApp

/// The hint row while a prompt is open: the sigil, the line with its cursor (the whole line
/// highlighted while selected, so that typing is known to replace it), and what may be typed.
enum PromptBar {
    /// Draws the open prompt; false when none is open.
    static func draw(_ state: AppState, in rect: Rect, grid: inout ScreenGrid) -> Bool {
        switch state.view.mode {
        case .filter(let line):
            // What is matched comes first: an unscoped filter matching keys surprises people.
            let (scope, filter) = FilterScope.split(line.text)
            let matched = filter.hasPrefix("jq:") || filter == StreamFilter.notJSONSource ? "value" : scope.label
            let narrowing = matched == FilterScope.any.label ? " (value: key: header:NAME: narrow it)" : ""
            let help = "  (matches \(matched)\(narrowing) · text · re:REGEX · jq:EXPR · !json · ↑↓ history · enter keep · esc close)"
            drawPrompt("/", line, help: help, in: rect, grid: &grid)
        case .command(let line):
            drawPrompt(":", line, help: "  (\(commandHint(line.text)))", in: rect, grid: &grid)
        case .replayTarget(let prompt):
            let what = prompt.ids.count == 1 ? prompt.ids[0].shown : "\(prompt.ids.count) dead letters"
            let why = prompt.replacesOrigins ? "instead of the origin" : "origin unknown"
            drawPrompt("replay \(what) to topic: ", prompt.line, help: "  (\(why) · tab completes · enter confirm · esc cancel)", in: rect, grid: &grid)
        case .confirmOverwrite(let request):
            let question = "\(request.path) exists: replace it with \(request.what)? "
            x: do {
                let written = grid.write(question, x: rect.x, y: rect.y, width: rect.width, role: .prompt, pad: false)
                grid.write("(y replaces · any other key keeps it)", x: rect.x + written, y: rect.y, width: max(0, rect.width - written), role: .dim)
            }
        case .normal:
            return false
        }
        return true
    }

    /// The `:` prompt's hint: the commands the typed name may start, or, once it names one, that
    /// command's forms (`:seek` lists earliest, -5m, a time, …).
    static func commandHint(_ text: String) -> String {
        let matching = ColonCommand.matching(text)
        if matching.count == 1, let command = matching.first {
            return "\(command.usage.dropFirst()): \(command.help) · tab completes"
        }
        return matching.map { $0.usage.dropFirst() }.joined(separator: " · ") + " · tab completes"
    }

    private static func drawPrompt(_ sigil: String, _ line: PromptLine, help: String, in rect: Rect, grid: inout ScreenGrid) {
        var x = rect.x
        x += grid.write(sigil, x: x, y: rect.y, width: rect.width, role: .prompt, pad: false)
        let (before, after) = line.split
        let textRole: StyleRole = line.isSelected ? .selection : .prompt
        x += grid.write(before, x: x, y: rect.y, width: rect.maxX - x, role: textRole, pad: false)
        // The cursor: the character under it in reverse, or a block past the end.
        if let under = after.first, !line.isSelected {
            x += grid.write(String(under), x: x, y: rect.y, width: rect.maxX - x, role: .selection, pad: false)
            x += grid.write(String(after.dropFirst()), x: x, y: rect.y, width: rect.maxX - x, role: .prompt, pad: false)
        } else {
            x += grid.write(after, x: x, y: rect.y, width: rect.maxX - x, role: textRole, pad: false)
            x += grid.write("█", x: x, y: rect.y, width: rect.maxX - x, role: .prompt, pad: false)
        }
        grid.write(help, x: x, y: rect.y, width: rect.maxX - x, role: .hint, pad: false, marksCut: true)
    }
}

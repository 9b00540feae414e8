import EvmonPresentation
import EvmonDeadLetters
import EvmonApp

/// The replay confirmation: where each message goes, its key and size, and any warnings,
/// before anything is sent. `y` sends, `e` edits first, any other key cancels.
enum ReplayConfirmOverlay {
    static func draw(_ plans: [ReplayPlan], on screen: Rect, grid: inout ScreenGrid) {
        let lines = plans.count == 1 ? single(plans[0]) : bulk(plans)
        let width = min(screen.width - 4, 90)
        let height = min(screen.height - 2, lines.count + 3)
        let box = Rect(x: (screen.width - width) / 2, y: (screen.height - height) / 2, width: width, height: height)
        grid.fill(box, role: .overlay)
        let noun = plans.allSatisfy(\.isReproduction) ? ("Re-produce", "message", "messages") : ("Replay", "dead letter", "dead letters")
        let title = plans.count == 1 ? "\(noun.0) this \(noun.1)?" : "\(noun.0) \(plans.count) \(noun.2)?"
        let inside = grid.box(box, title: title, focused: true)
        grid.fill(inside, role: .overlay)
        for (row, line) in lines.prefix(inside.height).enumerated() {
            let y = inside.y + row
            let labelWidth = line.label.isEmpty ? 0 : 11
            grid.write(line.label, x: inside.x + 1, y: y, width: labelWidth, role: .overlayTitle)
            let x = inside.x + 1 + labelWidth
            if let bytes = line.bytes {
                grid.write(bytes: bytes, x: x, y: y, width: max(0, inside.maxX - x - 1), role: line.role)
            } else {
                grid.write(line.text, x: x, y: y, width: max(0, inside.maxX - x - 1), role: line.role)
            }
        }
    }

    private struct Line {
        var label: String
        var text: String = ""
        var bytes: [UInt8]?
        var role: StyleRole = .overlay
    }

    private static func single(_ plan: ReplayPlan) -> [Line] {
        var lines = [
            Line(label: "from", text: plan.source.shown),
            Line(label: "to", text: plan.targetDescription + "  (\(plan.route.explanation))"),
            plan.message.key.map { Line(label: "key", bytes: $0) } ?? Line(label: "key", text: "none"),
            Line(label: "value", text: (plan.message.value.map { ByteCount.describe($0.count) } ?? "null") + (plan.edited ? "  (edited)" : "")
                + (plan.decoded.map { "  \($0.schema.summary): e edits the decoded JSON" } ?? "")),
            Line(label: "headers", text: "\(plan.message.headers.count): " + plan.message.headers.map(\.name).joined(separator: ", ")),
        ]
        lines += plan.warnings.map { Line(label: "warning", text: $0, role: .error) }
        lines.append(Line(label: "", text: ""))
        lines.append(Line(label: "", text: "y / enter  replay     e  edit the value first     any other key  cancel", role: .overlayTitle))
        return lines
    }

    private static func bulk(_ plans: [ReplayPlan]) -> [Line] {
        var targets: [String: Int] = [:]
        for plan in plans { targets[plan.message.topic, default: 0] += 1 }
        let bytes = plans.reduce(0) { $0 + ($1.message.value?.count ?? 0) }
        var lines = [
            Line(label: "to", text: targets.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", ")),
            Line(label: "values", text: ByteCount.describe(bytes) + " in all; each to its original partition or by key"),
        ]
        let warned = plans.filter { !$0.warnings.isEmpty }
        if !warned.isEmpty {
            lines.append(Line(label: "warning", text: "\(warned.count) of them: \(warned[0].warnings[0])", role: .error))
        }
        lines.append(Line(label: "", text: ""))
        lines.append(Line(label: "", text: "y / enter  replay (at a limited rate; esc cancels)     any other key  cancel", role: .overlayTitle))
        return lines
    }
}

/// The key table, k9s/vim style.
public struct Keymap: Sendable, Equatable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The command `key` means with `pane` focused; pane-specific bindings win over global ones.
    public func command(for key: Key, in pane: PaneID) -> UICommand? {
        let candidates = bindings.filter { $0.keys.contains(key) && $0.applies(in: pane) }
        return (candidates.first { $0.panes != nil } ?? candidates.first)?.command
    }

    /// Bindings worth a hint with `pane` focused, pane-specific first.
    public func hints(in pane: PaneID) -> [KeyBinding] {
        let applicable = bindings.filter { $0.hint != nil && $0.applies(in: pane) }
        return applicable.filter { $0.panes != nil } + applicable.filter { $0.panes == nil }
    }

    /// The `?` overlay's lines: every binding with where it applies, then the `:` commands.
    public var helpLines: [(keys: String, text: String)] {
        bindings.map { binding in
            let scope = binding.panes.map { " (" + $0.sorted { $0.rawValue < $1.rawValue }.map(\.title).joined(separator: ", ") + ")" } ?? ""
            return (binding.keyLabel, binding.help + scope)
        } + [
            ("", ""),
            (":topic A B", "stream these topics"), (":seek POS", "earliest, latest, OFFSET, -N, -5m, 2026-11-26T10:15Z, @MS"),
            (":theme NAME", "default, light, high-contrast, or a file"), (":filter TEXT", "same as /"),
            (":watches FILE", "load a watch file (reloaded when it changes)"), (":q", "quit"),
        ]
    }

    /// The default bindings.
    public static let standard = Keymap(bindings: [
        KeyBinding([.tab], .focusNext, help: "next pane", hint: "pane"),
        KeyBinding([.backTab], .focusPrevious, help: "previous pane"),
        KeyBinding([.character("1")], .focus(.topics), help: "go to topics"),
        KeyBinding([.character("2")], .focus(.stream), help: "go to stream"),
        KeyBinding([.character("3")], .focus(.detail), help: "go to detail"),
        KeyBinding([.character("4")], .focus(.lag), help: "go to lag"),
        KeyBinding([.character("5")], .focus(.dlq), help: "go to DLQ"),
        KeyBinding([.character("6")], .focus(.watches), help: "go to watches"),
        KeyBinding([.character("j"), .down], .moveDown, help: "down"),
        KeyBinding([.character("k"), .up], .moveUp, help: "up"),
        KeyBinding([.pageDown, .control("f")], .pageDown, help: "page down"),
        KeyBinding([.pageUp, .control("b")], .pageUp, help: "page up"),
        KeyBinding([.character("g"), .home], .top, help: "oldest / top"),
        KeyBinding([.character("G"), .end], .bottom, in: [.stream], help: "newest, and follow", hint: "follow"),
        KeyBinding([.character("G"), .end], .bottom, help: "bottom"),
        KeyBinding([.character(" ")], .toggleTopic, in: [.topics], help: "stream / stop streaming the topic", hint: "select"),
        KeyBinding([.enter], .open, in: [.topics], help: "stream only this topic", hint: "stream"),
        KeyBinding([.enter], .open, in: [.stream], help: "message detail", hint: "detail"),
        KeyBinding([.enter], .open, in: [.watches], help: "jump to the offending message"),
        KeyBinding([.enter], .open, in: [.detail], help: "unfold / fold stack traces", hint: "traces"),
        KeyBinding([.enter], .open, in: [.dlq], help: "message detail; on a reason, fold or unfold it", hint: "detail"),
        KeyBinding([.character(" ")], .toggleMark, in: [.dlq], help: "mark for a bulk replay (on a reason: all of it)", hint: "mark"),
        KeyBinding([.character("r")], .replay, in: [.dlq], help: "replay marked, a reason, or one to its origin", hint: "replay"),
        KeyBinding([.character("R")], .replayElsewhere, in: [.dlq], help: "replay to another topic (typed at a prompt)"),
        KeyBinding([.character("e")], .editAndReplay, in: [.dlq], help: "edit the value in $EDITOR, then replay", hint: "edit+replay"),
        KeyBinding([.character("r")], .replay, in: [.stream, .detail], help: "re-produce the message to its topic and partition"),
        KeyBinding([.character("R")], .replayElsewhere, in: [.stream, .detail], help: "re-produce the message to another topic"),
        KeyBinding([.character("e")], .editAndReplay, in: [.stream, .detail], help: "edit the value in $EDITOR, then re-produce"),
        KeyBinding([.character(" ")], .togglePause, in: [.stream], help: "pause / resume", hint: "pause"),
        KeyBinding([.escape], .back, help: "back, clear filter, close, cancel a replay run"),
        KeyBinding([.character("/")], .startFilter, help: "filter: text, re:REGEX, jq:EXPR", hint: "filter"),
        KeyBinding([.character(":")], .startCommand, help: "command: topic, seek, theme, q", hint: "cmd"),
        KeyBinding([.character("z")], .toggleZoom, help: "zoom the pane", hint: "zoom"),
        KeyBinding([.character("?")], .toggleHelp, help: "this help", hint: "help"),
        KeyBinding([.character("q"), .control("c")], .quit, help: "quit", hint: "quit"),
    ])
}

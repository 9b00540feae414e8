extension PaneFeature {
    /// Topics: the broker's topics; space streams or stops streaming one, enter streams only it.
    static let topics = PaneFeature(
        id: .topics, title: "Topics", slot: PaneSlot(.left, .share(3, of: 10, minimum: 3)),
        bindings: [
            KeyBinding([.character(" ")], .toggle, help: "stream / stop streaming the topic", hint: "select"),
            KeyBinding([.enter], .open, help: "stream only this topic", hint: "stream"),
        ],
        move: { rows, state in
            state.view.topicCursor = clampedRow(state.view.topicCursor + rows, count: state.topics.count)
        },
        reduce: { command, state in
            switch command {
            case .toggle: toggleTopicUnderCursor(in: &state)
            case .open: streamOnlyTopicUnderCursor(in: &state)
            default: nil
            }
        })
}

private func toggleTopicUnderCursor(in state: inout AppState) -> [Effect] {
    let names = state.topicNames
    guard names.indices.contains(state.view.topicCursor) else { return [] }
    let name = names[state.view.topicCursor]
    var topics = state.view.stream.topics
    if let index = topics.firstIndex(of: name) { topics.remove(at: index) } else { topics.append(name) }
    stream(topics, in: &state)
    return syncTails(&state)
}

private func streamOnlyTopicUnderCursor(in state: inout AppState) -> [Effect] {
    let names = state.topicNames
    guard names.indices.contains(state.view.topicCursor) else { return [] }
    stream([names[state.view.topicCursor]], in: &state)
    state.view.focus = .stream
    return syncTails(&state)
}

import EvmonModel
import EvmonPresentation
import EvmonDeadLetters

/// `y`: the selected message's value to the clipboard, through the terminal (OSC 52), with a
/// notice saying what was copied, since the terminal answers nothing. A value a schema decoded
/// is copied as its JSON: what the detail pane shows, and what people paste.
enum CopyValue {
    /// The most bytes copied: terminals cap an OSC 52 sequence (xterm at about 100 kB of base64).
    static let limit = 64 << 10

    static func copy(_ record: Record?, in state: inout AppState) -> [Effect] {
        guard let record else {
            state.view.notice = Notice("y copies the selected message's value: select one", at: state.now)
            return []
        }
        guard let value = record.readableValue else {
            state.view.notice = Notice("\(record.shownCoordinates) has no value (null): nothing copied", at: state.now)
            return []
        }
        guard value.count <= limit else {
            state.view.notice = Notice(
                "\(record.shownCoordinates): \(ByteCount.describe(value.count)) is too long for the clipboard (at most \(ByteCount.describe(limit)))",
                isError: true, at: state.now)
            return []
        }
        let what = record.decoding?.value?.json != nil ? "the decoded value" : "the value"
        state.view.notice = Notice("copied \(what) of \(record.shownCoordinates) (\(ByteCount.describe(value.count))) to the clipboard", at: state.now)
        return [.copyToClipboard(value)]
    }
}

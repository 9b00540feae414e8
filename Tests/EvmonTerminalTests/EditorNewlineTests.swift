import Testing
@testable import EvmonTerminal

/// Which line end on a saved value is the editor's, not the user's.
@Suite struct EditorNewlineTests {
    @Test(arguments: [
        ("abc", "abc\n", "abc"),              // vi's :wq, nothing changed
        ("abc", "abc", "abc"),                // an editor that adds nothing
        ("abc\n", "abc\n", "abc\n"),          // the value's own newline stays
        ("abc", "abd\n", "abd"),              // changed, and the editor's newline goes
        ("a\r\nb", "a\r\nb\r\n", "a\r\nb"),   // a CRLF value gets a CRLF added
        ("ab\r", "ab\r\n", "ab\r"),           // a lone CR is the value's, only the LF was added
        ("", "\n", ""),
    ])
    func editorsLineEndIsDropped(original: String, saved: String, expected: String) {
        #expect(EditorNewline.value(saved: Array(saved.utf8), original: Array(original.utf8)) == Array(expected.utf8))
    }
}

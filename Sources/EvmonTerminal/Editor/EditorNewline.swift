/// The line end an editor adds on save. vi (and most editors, with POSIX's "a text file ends
/// in a newline") writes one after the last line even when the user changed nothing, so `:wq`
/// on a 263-byte value without one would send 264 bytes. A value comes back as it went in
/// unless the user changed it: that added line end is not part of the value.
enum EditorNewline {
    /// `saved` without the one line end the editor added when `original` ended without one.
    /// A value that ended in a newline keeps it; one the user ends with several keeps all but one.
    static func value(saved: [UInt8], original: [UInt8]) -> [UInt8] {
        guard original.last != 0x0A, saved.last == 0x0A else { return saved }
        // An editor that kept the value's CRLF line ends adds a CRLF.
        let crlf = saved.count >= 2 && saved[saved.count - 2] == 0x0D && containsCRLF(original)
        return Array(saved.dropLast(crlf ? 2 : 1))
    }

    private static func containsCRLF(_ bytes: [UInt8]) -> Bool {
        zip(bytes, bytes.dropFirst()).contains { $0 == 0x0D && $1 == 0x0A }
    }
}

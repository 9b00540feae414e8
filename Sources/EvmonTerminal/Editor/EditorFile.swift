#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// The temporary file an editor edits: a fresh unguessable name, readable by its owner only,
/// since a dead-letter value may hold anything (tokens, personal data).
struct EditorFile {
    let path: String

    /// Creates `directory/evmon-replay-XXXXXX.<fileExtension>` (0600, never an existing file)
    /// holding exactly `bytes`.
    init(writing bytes: [UInt8], fileExtension: String, directory: String) throws(EvmonError) {
        // The extension only helps the editor pick a syntax; a path separator must not sneak in.
        let allowed = fileExtension.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        let trimmed = String(allowed.drop { $0 == "." })
        let suffix = trimmed.isEmpty ? "" : "." + trimmed
        let folder = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        var template = Array("\(folder)/evmon-replay-XXXXXX\(suffix)".utf8CString)
        // mkstemps opens with O_EXCL and mode 0600. (mkostemps could add O_CLOEXEC atomically,
        // but Swift's Glibc does not import GNU extensions; the descriptor lives for one write.)
        let descriptor = mkstemps(&template, Int32(suffix.utf8.count))
        guard descriptor >= 0 else {
            throw .usage("cannot create a file for the editor in \(folder): \(Self.lastError())")
        }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = Self.lastError()
                remove()
                throw .usage("cannot write \(path) for the editor: \(reason)")
            }
            written += result
        }
    }

    /// The file's bytes now, exactly. It is opened afresh: editors that save by writing a new
    /// file and renaming it over the old one leave a different file at `path`.
    func contents() throws(EvmonError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .usage("cannot read the edited file \(path): \(Self.lastError())") }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .usage("cannot read the edited file \(path): \(Self.lastError())")
            }
            if count == 0 { return contents }
            contents.append(contentsOf: buffer[0..<count])
        }
    }

    /// Deletes the file (the editor may have removed it already).
    func remove() {
        _ = unlink(path)
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

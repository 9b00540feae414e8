#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonApp
import EvmonJSON
import EvmonModel

/// Writes an export (`x`, `:export`) as tail's JSON lines, so that `evmon produce --file` and
/// `file://` read it back. An existing file is replaced only once the request says so: the
/// file is created exclusively otherwise, so nothing is lost to a race either.
enum RecordExport {
    static func write(_ request: ExportRequest) -> ExportOutcome {
        let path = expandingHome(request.path)
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (request.overwrite ? O_TRUNC : O_EXCL)
        let descriptor = open(path, flags, 0o644)
        guard descriptor >= 0 else {
            if errno == EEXIST { return .exists(request) }
            return .failed(request, reason: String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        for record in request.records { RecordJSON.appendLine(record, to: &bytes) }
        let written = bytes.withUnsafeBytes { raw -> Int in
            var done = 0
            while done < raw.count {
                let count = Glibc.write(descriptor, raw.baseAddress! + done, raw.count - done)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return -1 }
                done += count
            }
            return done
        }
        guard written == bytes.count else { return .failed(request, reason: String(cString: strerror(errno))) }
        return .written(request)
    }

    /// `~/x.jsonl` as the shell would have it (the prompt is no shell).
    private static func expandingHome(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home = getenv("HOME") else { return path }
        return String(cString: home) + path.dropFirst()
    }
}

import EvmonTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import EvmonTerminal
import EvmonModel

/// The editor round trip with stand-in editors (scripts, `sed -i`, `true`), on the test
/// process's own streams since `swift test` may have no terminal. Serialized: one test reads the
/// process's signal dispositions, which another test's editor run would change meanwhile.
@Suite(.serialized) struct ExternalEditorTests {
    /// A folder for scripts, with `tmp/` as the editor file's TMPDIR.
    let folder: TemporaryFolder
    let temporaryDirectory: String

    init() throws {
        folder = try TemporaryFolder()
        temporaryDirectory = folder.path + "/tmp"
        try FileManager.default.createDirectory(atPath: temporaryDirectory, withIntermediateDirectories: true)
    }

    /// The editor's whole environment: a PATH for `sed`, our TMPDIR, and `variables`.
    func environment(_ variables: [String: String]) -> [String: String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return ["PATH": path, "TMPDIR": temporaryDirectory].merging(variables) { $1 }
    }

    func edit(_ text: String, _ variables: [String: String]) throws(EvmonError) -> String? {
        let edited = try ExternalEditor.edit(
            Array(text.utf8), fileExtension: "json", environment: environment(variables), terminal: .inherited)
        return edited.map { String(decoding: $0, as: UTF8.self) }
    }

    /// A shell script at `name`; returns the editor command that runs it. Through `sh`, not
    /// exec'd itself: a process another test spawns meanwhile may inherit the descriptor that
    /// wrote the script, and exec'ing a file open for writing fails (ETXTBSY).
    func script(_ name: String, _ body: String) throws -> String {
        "sh '\(try folder.write(name, body))'"
    }

    func leftoverFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: temporaryDirectory)
    }

    @Test func editorScriptEditsTheFileGivenLast() throws {
        let editor = try script("edit.sh", "for last; do :; done\nsed -i 's/old/new/' \"$last\"\n")
        #expect(try edit(#"{"v":"old"}"#, ["EDITOR": editor]) == #"{"v":"new"}"#)
        #expect(try leftoverFiles().isEmpty)
    }

    @Test func editorExitingNonZeroCancels() throws {
        let editor = try script("fail.sh", "sed -i 's/old/new/' \"$1\"\nexit 1\n")
        #expect(try edit("old", ["EDITOR": editor]) == nil)
        #expect(try leftoverFiles().isEmpty)
    }

    @Test func editorKilledBySignalCancels() throws {
        #expect(try edit("old", ["EDITOR": "kill -KILL $$"]) == nil)
        #expect(try leftoverFiles().isEmpty)
    }

    @Test func missingEditorIsAUsageErrorNamingIt() throws {
        let expected = "cannot run editor 'evmon-no-such-editor': command not found (set VISUAL or EDITOR)"
        #expect(throws: EvmonError.usage(expected)) {
            try edit("old", ["EDITOR": "evmon-no-such-editor"])
        }
        #expect(try leftoverFiles().isEmpty)
    }

    @Test func binaryBytesRoundTripUnchanged() throws {
        // NUL, invalid UTF-8 (a lone continuation byte, a truncated sequence, 0xFF), CR, and
        // every byte value, with no trailing newline.
        let bytes: [UInt8] = [0x00, 0x80, 0xC3, 0x28, 0xFF, 0xFE, 0x0D, 0x0A, 0x00] + (0...255).map { UInt8($0) }
        let edited = try ExternalEditor.edit(
            bytes, fileExtension: "bin", environment: environment(["EDITOR": "true"]), terminal: .inherited)
        #expect(edited == bytes)
    }

    @Test func emptyValueRoundTrips() throws {
        #expect(try edit("", ["EDITOR": "true"]) == "")
    }

    /// vi's `:wq` without a change appends a newline to a value that had none; it is not sent.
    @Test func newlineTheEditorAddsIsDropped() throws {
        #expect(try edit("abc", ["EDITOR": #"sh -c 'echo >> "$1"' x"#]) == "abc")
        #expect(try edit("", ["EDITOR": #"sh -c 'echo >> "$1"' x"#]) == "")
        // A change the user made is kept; only the editor's final line end goes.
        #expect(try edit("old", ["EDITOR": #"sh -c 'printf "new\n" > "$1"' x"#]) == "new")
    }

    /// A value that ended in a newline keeps it, and lines the user adds at the end stay.
    @Test func newlinesTheValueOrTheUserHasAreKept() throws {
        #expect(try edit("abc\n", ["EDITOR": "true"]) == "abc\n")
        #expect(try edit("abc", ["EDITOR": #"sh -c 'printf "abc\n\n" > "$1"' x"#]) == "abc\n")
    }

    @Test func editorCommandMayCarryArguments() throws {
        #expect(try edit("old", ["EDITOR": "sh -c 'exit 0' x"]) == "old")
        #expect(try edit("old", ["EDITOR": "sed -i s/old/new/"]) == "new")
        // Quoting is the shell's: one argument with a space in it.
        #expect(try edit("an old value", ["EDITOR": "sed -i 's/old value/new value/'"]) == "an new value")
    }

    @Test func visualBeatsEditor() throws {
        let both = ["VISUAL": "sed -i s/old/visual/", "EDITOR": "sed -i s/old/editor/"]
        #expect(try edit("old", both) == "visual")
        #expect(try edit("old", ["VISUAL": " ", "EDITOR": "sed -i s/old/editor/"]) == "editor")
    }

    @Test func withoutVisualOrEditorItIsVi() {
        #expect(ExternalEditor.editorCommand(in: [:]) == "vi")
        #expect(ExternalEditor.editorCommand(in: ["VISUAL": "", "EDITOR": ""]) == "vi")
        #expect(ExternalEditor.editorCommand(in: ["EDITOR": "nano -w"]) == "nano -w")
    }

    @Test func fileIsPrivateInTmpdirNamedForItsContentAndRemoved() throws {
        let record = folder.path + "/record"
        let editor = try script("record.sh", "printf '%s\\n' \"$1\" > \"$RECORD\"\nstat -c %a \"$1\" >> \"$RECORD\"\n")
        #expect(try edit("{}", ["EDITOR": editor, "RECORD": record]) == "{}")
        let lines = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init)
        try #require(lines.count == 2)
        let name = String(lines[0].dropFirst(temporaryDirectory.count + 1))
        #expect(lines[0].hasPrefix(temporaryDirectory + "/"))
        #expect(name.hasPrefix("evmon-replay-") && name.hasSuffix(".json"))
        #expect(name.count == "evmon-replay-XXXXXX.json".count)
        #expect(lines[1] == "600")
        #expect(!FileManager.default.fileExists(atPath: lines[0]))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/status"), "reads /proc"))
    func whileTheEditorRunsCtrlCIsItsAndCtrlZStopsEvmonToo() throws {
        let record = folder.path + "/record"
        let before = try Self.signalMasks(try String(contentsOfFile: "/proc/self/status", encoding: .utf8))
        // Run by the shell itself, so $PPID is this test process.
        let editor = #"grep -E '^Sig(Ign|Cgt)' /proc/$PPID/status > "$RECORD"; true"#
        #expect(try edit("x", ["EDITOR": editor, "RECORD": record]) == "x")
        let during = try Self.signalMasks(try String(contentsOfFile: record, encoding: .utf8))
        let after = try Self.signalMasks(try String(contentsOfFile: "/proc/self/status", encoding: .utf8))
        func bit(_ signal: Int32) -> UInt64 { 1 << UInt64(signal - 1) }
        #expect(during.ignored & bit(SIGINT) != 0)
        #expect(during.ignored & bit(SIGQUIT) != 0)
        #expect(during.ignored & bit(SIGTSTP) == 0 && during.caught & bit(SIGTSTP) == 0)
        #expect(after.ignored == before.ignored && after.caught == before.caught)
    }

    /// The SigIgn and SigCgt masks of a /proc/PID/status text.
    static func signalMasks(_ status: String) throws -> (ignored: UInt64, caught: UInt64) {
        var masks: [String: UInt64] = [:]
        for line in status.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            masks[String(parts[0])] = UInt64(parts[1].trimmingCharacters(in: .whitespaces), radix: 16)
        }
        return (try #require(masks["SigIgn"]), try #require(masks["SigCgt"]))
    }

    @Test func extensionCannotLeaveTheDirectory() throws {
        let record = folder.path + "/record"
        let editor = try script("record.sh", "printf '%s' \"$1\" > \"$RECORD\"\n")
        _ = try ExternalEditor.edit(
            [], fileExtension: "../../x/.json", environment: environment(["EDITOR": editor, "RECORD": record]),
            terminal: .inherited)
        let path = try String(contentsOfFile: record, encoding: .utf8)
        #expect(path.hasPrefix(temporaryDirectory + "/evmon-replay-") && path.hasSuffix(".x.json"))
    }
}

import EvmonUI
import Foundation
import EvmonModel

/// Resolves `--theme NAME|FILE` to a `Theme`.
///
/// A value containing `/` or ending in `.yaml` is a file. A name is looked up as `NAME.yaml` in,
/// first to last:
/// 1. `$XDG_CONFIG_HOME/evmon/themes` (else `~/.config/evmon/themes`): the user's own;
/// 2. the first `themes/` folder found walking up from the running executable's real path, so
///    `.build/debug/evmon` in a checkout uses the checkout's themes from any working directory;
/// 3. `<executable dir>/../share/evmon/themes`, for installed copies;
/// 4. the shipped themes compiled into the binary (`default`, `light`, `high-contrast`).
///
/// ```swift
/// let theme = try ThemeLoader().load(options.theme ?? ThemeLoader.defaultName)
/// ```
public struct ThemeLoader: Sendable {
    /// The theme used when none is asked for.
    public static let defaultName = "default"

    public var environment: [String: String]
    /// The running executable's real path (symlinks resolved); nil skips steps 2 and 3.
    public var executablePath: String?

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String? = ThemeLoader.runningExecutablePath()
    ) {
        self.environment = environment
        self.executablePath = executablePath
    }

    /// Loads the theme `nameOrPath` names; a usage error for a broken file or an unknown name.
    public func load(_ nameOrPath: String) throws(EvmonError) -> Theme {
        if Self.isPath(nameOrPath) {
            let name = URL(fileURLWithPath: nameOrPath).deletingPathExtension().lastPathComponent
            return try Self.loadFile(nameOrPath, name: name)
        }
        for directory in directories() {
            let path = directory + "/" + nameOrPath + ".yaml"
            if FileManager.default.fileExists(atPath: path) { return try Self.loadFile(path, name: nameOrPath) }
        }
        if let text = BuiltInThemes.text[nameOrPath] {
            return try ThemeParser.parse(text, name: nameOrPath, path: "<built-in \(nameOrPath).yaml>")
        }
        throw .usage("unknown theme '\(nameOrPath)' (available: \(availableNames().joined(separator: ", ")))")
    }

    /// The folders searched for `NAME.yaml`, in order (existing ones only).
    public func directories() -> [String] {
        var directories: [String] = []
        let configHome =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((environment["HOME"] ?? "") + "/.config")
        directories.append(configHome + "/evmon/themes")
        if let executablePath {
            let executableDirectory = URL(fileURLWithPath: executablePath).deletingLastPathComponent()
            var folder = executableDirectory
            while true {
                let candidate = folder.appendingPathComponent("themes").path
                if Self.isDirectory(candidate) {
                    directories.append(candidate)
                    break
                }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
            directories.append(executableDirectory.deletingLastPathComponent().appendingPathComponent("share/evmon/themes").path)
        }
        var seen: Set<String> = []
        return directories.filter { Self.isDirectory($0) && seen.insert($0).inserted }
    }

    /// Every theme name a search would find, sorted.
    public func availableNames() -> [String] {
        var names = Set(BuiltInThemes.text.keys)
        for directory in directories() {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files where file.hasSuffix(".yaml") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted()
    }

    /// The running executable with symlinks resolved (`/proc/self/exe` on Linux).
    public static func runningExecutablePath() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        guard let first = CommandLine.arguments.first, !first.isEmpty else { return nil }
        return URL(fileURLWithPath: first).resolvingSymlinksInPath().path
    }

    static func isPath(_ value: String) -> Bool { value.contains("/") || value.hasSuffix(".yaml") }

    private static func loadFile(_ path: String, name: String) throws(EvmonError) -> Theme {
        guard FileManager.default.fileExists(atPath: path) else { throw .usage("theme file '\(path)' not found") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .usage("\(path): cannot read the theme as UTF-8 text")
        }
        return try ThemeParser.parse(text, name: name, path: path)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

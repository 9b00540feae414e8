import Foundation

/// The paths a typed prefix may complete to, for Tab at `:watches` and `:theme`: the entries of
/// the prefix's folder whose names start with its last component, folders ending in `/`. Hidden
/// entries only when the component starts with a dot; `~/` is the home folder, kept as typed.
enum FileCompletion {
    /// At most this many: a Tab in a huge folder lists no more than a prompt can use.
    static let limit = 500

    static func paths(startingWith prefix: String, home: String = NSHomeDirectory()) -> [String] {
        let folderPart = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
        let namePart = String(prefix.dropFirst(folderPart.count))
        let folder = folderPart.isEmpty ? "." : folderPart.hasPrefix("~/") ? home + folderPart.dropFirst(1) : folderPart
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names
            .filter { $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix(".")) }
            .sorted()
            .prefix(limit)
            .map { name in
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isFolder)
                return folderPart + name + (exists && isFolder.boolValue ? "/" : "")
            }
    }
}

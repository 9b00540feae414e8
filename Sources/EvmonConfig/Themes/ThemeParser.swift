import EvmonUI
import Yams
import EvmonModel

/// Reads theme files: a mapping from role names to styles,
///
/// ```yaml
/// title_focused: { fg: bright-cyan, bg: default, bold: true }
/// selection:     { fg: black, bg: "#5fafd7" }
/// ```
///
/// Errors are usage errors naming `file:line:column` and the key at fault.
public enum ThemeParser {
    /// The keys a style may have.
    static let styleKeys = ["fg", "bg", "bold", "dim", "underline", "reverse"]

    /// Parses theme `text` read from `path`; the theme is called `name`. Roles the file leaves out
    /// look like its `text` role.
    public static func parse(_ text: String, name: String, path: String) throws(EvmonError) -> Theme {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            var message = YAMLSyntaxError.message(error, path: path, text: text)
            if text.contains(": #") { message += " (quote \"#rrggbb\" colours: YAML reads an unquoted # as a comment)" }
            throw .usage(message)
        }
        guard let node else { throw .usage("\(path): the theme is empty (expected a mapping of roles to styles)") }
        guard let root = node.mapping else {
            throw .usage("\(path):\(node.location): expected a mapping of roles to styles, like 'text: { fg: default }'")
        }
        var styles: [StyleRole: RoleStyle] = [:]
        for (key, value) in root {
            let roleName = key.string ?? ""
            guard let role = StyleRole(name: roleName) else {
                let known = StyleRole.allCases.map(\.name).joined(separator: ", ")
                throw .usage("\(path):\(key.location): unknown role '\(roleName)' (known roles: \(known))")
            }
            guard styles[role] == nil else { throw .usage("\(path):\(key.location): role '\(roleName)' appears twice") }
            styles[role] = try style(value, role: roleName, path: path)
        }
        return Theme(name: name, styles: styles)
    }

    private static func style(_ node: Node, role: String, path: String) throws(EvmonError) -> RoleStyle {
        guard let body = node.mapping else {
            throw .usage("\(path):\(node.location): the style of '\(role)' must be a mapping, like '{ fg: cyan, bold: true }'")
        }
        var style = RoleStyle()
        var seen: Set<String> = []
        for (key, value) in body {
            let field = key.string ?? ""
            guard styleKeys.contains(field) else {
                throw .usage("\(path):\(key.location): unknown key '\(field)' in '\(role)' (expected \(styleKeys.joined(separator: ", ")))")
            }
            guard seen.insert(field).inserted else { throw .usage("\(path):\(key.location): '\(role).\(field)' appears twice") }
            switch field {
            case "fg": style.foreground = try color(value, key: "\(role).fg", path: path)
            case "bg": style.background = try color(value, key: "\(role).bg", path: path)
            case "bold": style.bold = try flag(value, key: "\(role).bold", path: path)
            case "dim": style.dim = try flag(value, key: "\(role).dim", path: path)
            case "underline": style.underline = try flag(value, key: "\(role).underline", path: path)
            default: style.reverse = try flag(value, key: "\(role).reverse", path: path)
            }
        }
        return style
    }

    private static func color(_ node: Node, key: String, path: String) throws(EvmonError) -> ThemeColor {
        let text = node.scalar?.string ?? ""
        guard let color = ThemeColorName.parse(text) else {
            throw .usage("\(path):\(node.location): bad colour '\(text)' for \(key) (expected \(ThemeColorName.expected))")
        }
        return color
    }

    private static func flag(_ node: Node, key: String, path: String) throws(EvmonError) -> Bool {
        guard node.scalar != nil, let value = node.bool else {
            throw .usage("\(path):\(node.location): \(key) must be true or false, not '\(node.scalar?.string ?? "a collection")'")
        }
        return value
    }
}

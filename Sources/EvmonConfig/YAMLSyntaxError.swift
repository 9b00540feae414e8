import Yams

/// A YAML syntax error as one line in plain words, `file:line:column: what is wrong`, for the
/// config, watch and theme files. libyaml's own text ("parser: while parsing a block collection in
/// line 2, column 3 did not find expected '-' indicator") names its grammar, not the mistake.
enum YAMLSyntaxError {
    /// The message for `error`, thrown by Yams while composing `text`, read from `path`.
    static func message(_ error: any Error, path: String, text: String) -> String {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let words = indentedWithTab(line: mark.line, in: text)
                ? "tabs are not allowed for indentation; indent with spaces"
                : plainWords(problem, context: context?.text, character: character(at: mark, in: text))
            return "\(path):\(mark.line):\(mark.column): \(words)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "\(path):\(context.mark.line):\(context.mark.column): '\(duplicates.joined(separator: "', '"))' appears twice"
        case .reader(let problem, _, _, _):
            return "\(path): cannot read the file as YAML (\(problem))"
        default:
            return "\(path): \(error)".split(whereSeparator: \.isNewline).joined(separator: " ")
        }
    }

    /// libyaml's problem, said as the mistake a person made.
    static func plainWords(_ problem: String, context: String?, character: Character?) -> String {
        switch problem {
        case "did not find expected '-' indicator":
            return "this line is not indented like the list items above it"
        case "did not find expected key":
            return "this line is not indented like the keys above it (or a key lacks its ':')"
        case "did not find expected node content":
            return "a value is missing here"
        case "mapping values are not allowed in this context":
            return "a ':' here cannot start a value: quote text that contains ': ', or check the indentation"
        case "could not find expected ':'":
            return "a key without its ':' (or a quote or bracket left open above)"
        case "found unexpected end of stream":
            return "the file ends inside a quoted text: close the quote"
        case "found unknown escape character":
            return "an unknown \\ escape in double quotes: write \\\\ for a backslash, or use single quotes"
        case "did not find expected ',' or ']'":
            return "a '[' list is not closed with ']' (or lacks a ',' between items)"
        case "did not find expected ',' or '}'":
            return "a '{' mapping is not closed with '}' (or lacks a ',' between entries)"
        case "did not find expected <document start>":
            return "text after the end of the document (a file holds one YAML document)"
        case "found undefined alias":
            return "an alias (*name) with no anchor (&name) before it"
        case "found character that cannot start any token":
            if let character { return "'\(character)' cannot start a value: quote the text" }
            return "a character that cannot start a value: quote the text"
        default:
            // Unmapped: libyaml's problem alone, without its grammar-rule context.
            return problem
        }
    }

    /// Whether the indentation of line `line` (1-based) contains a tab.
    static func indentedWithTab(line: Int, in text: String) -> Bool {
        guard let row = row(line, in: text) else { return false }
        return row.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t")
    }

    private static func character(at mark: Mark, in text: String) -> Character? {
        guard let row = row(mark.line, in: text) else { return nil }
        let scalars = Array(row.unicodeScalars)
        guard mark.column >= 1, mark.column <= scalars.count else { return nil }
        return Character(scalars[mark.column - 1])
    }

    private static func row(_ line: Int, in text: String) -> Substring? {
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= rows.count else { return nil }
        return rows[line - 1]
    }
}

/// A pattern's syntax tree.
indirect enum RegexTree: Sendable {
    case empty
    case scalars(ScalarSet)
    case assertion(RegexAssertion)
    case sequence([RegexTree])
    case alternation([RegexTree])
    /// `maximum` nil: unbounded.
    case repetition(RegexTree, minimum: Int, maximum: Int?)
}

/// Reads ECMA-262 pattern syntax (with Annex B's leniency for a `{` that starts no quantifier,
/// as Python's `re` and browsers have it).
struct RegexParser {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var depth = 0
    /// Groups nest no deeper: the tree is walked recursively.
    static let maximumDepth = 100
    /// Counts in `{n,m}` are capped here; the program-size limit refuses what they would expand to.
    private static let countCap = 100_000

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private func fail(_ reason: String) -> RegexSyntaxError {
        RegexSyntaxError(reason: "\(reason) at character \(index + 1)")
    }

    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func parse() throws(RegexSyntaxError) -> RegexTree {
        let tree = try alternation()
        guard index == scalars.count else { throw fail("unbalanced ')'") }
        return tree
    }

    private mutating func alternation() throws(RegexSyntaxError) -> RegexTree {
        var branches = [try sequence()]
        while peek == "|" {
            index += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func sequence() throws(RegexSyntaxError) -> RegexTree {
        var items: [RegexTree] = []
        while let scalar = peek, scalar != "|", scalar != ")" {
            var atom = try self.atom()
            if let (minimum, maximum) = try quantifier() {
                if case .assertion = atom { throw fail("nothing to repeat") }
                atom = .repetition(atom, minimum: minimum, maximum: maximum)
                if peek == "?" { index += 1 }
                if let next = peek, next == "*" || next == "+" || next == "?" { throw fail("multiple repeat") }
            }
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    /// A quantifier after an atom, if one follows.
    private mutating func quantifier() throws(RegexSyntaxError) -> (Int, Int?)? {
        switch peek {
        case "*": index += 1; return (0, nil)
        case "+": index += 1; return (1, nil)
        case "?": index += 1; return (0, 1)
        case "{":
            let start = index
            index += 1
            guard let minimum = number() else { index = start; return nil }
            var maximum: Int? = minimum
            if peek == "," {
                index += 1
                maximum = number()
            }
            guard peek == "}" else { index = start; return nil }
            index += 1
            if let maximum, maximum < minimum { throw fail("{\(minimum),\(maximum)}: the minimum is past the maximum") }
            return (minimum, maximum)
        default: return nil
        }
    }

    private mutating func number() -> Int? {
        var value: Int?
        while let scalar = peek, let digit = scalar.properties.numericType == .decimal && scalar.isASCII ? Int(scalar.value) - 48 : nil {
            value = min((value ?? 0) * 10 + digit, Self.countCap)
            index += 1
        }
        return value
    }

    private mutating func atom() throws(RegexSyntaxError) -> RegexTree {
        let scalar = scalars[index]
        index += 1
        switch scalar {
        case "^": return .assertion(.start)
        case "$": return .assertion(.end)
        case ".": return .scalars(.dot)
        case "*", "+", "?": throw fail("nothing to repeat")
        case "[": return .scalars(try characterClass())
        case "\\": return try escape()
        case "(":
            depth += 1
            guard depth <= Self.maximumDepth else { throw fail("groups nest deeper than \(Self.maximumDepth)") }
            if peek == "?" {
                index += 1
                switch peek {
                case ":": index += 1
                case "<" where index + 1 < scalars.count && scalars[index + 1] != "=" && scalars[index + 1] != "!":
                    // A named group: the name is skipped, nothing refers to it.
                    while let next = peek, next != ">" { index += 1 }
                    guard peek == ">" else { throw fail("unterminated group name") }
                    index += 1
                case "=", "!", "<": throw fail("lookaround is not supported")
                default: throw fail("unknown group syntax")
                }
            }
            let inner = try alternation()
            guard peek == ")" else { throw fail("missing ')'") }
            index += 1
            depth -= 1
            return inner
        case ")": throw fail("unbalanced ')'")
        default: return .scalars(ScalarSet(items: [.range(scalar.value, scalar.value)]))
        }
    }

    /// After a backslash outside a class.
    private mutating func escape() throws(RegexSyntaxError) -> RegexTree {
        guard let scalar = peek else { throw fail("a pattern may not end with '\\'") }
        switch scalar {
        case "b": index += 1; return .assertion(.wordBoundary)
        case "B": index += 1; return .assertion(.notWordBoundary)
        case "1"..."9": throw fail("backreferences are not supported")
        default: return .scalars(try classEscape())
        }
    }

    /// An escape that stands for scalars (inside or outside a class), after the backslash.
    private mutating func classEscape() throws(RegexSyntaxError) -> ScalarSet {
        guard let scalar = peek else { throw fail("a pattern may not end with '\\'") }
        index += 1
        func single(_ value: UInt32) -> ScalarSet { ScalarSet(items: [.range(value, value)]) }
        switch scalar {
        case "d": return .digit
        case "D": return ScalarSet(items: [.set(.digit)], negated: true)
        case "w": return .word
        case "W": return ScalarSet(items: [.set(.word)], negated: true)
        case "s": return .space
        case "S": return ScalarSet(items: [.set(.space)], negated: true)
        case "t": return single(0x09)
        case "n": return single(0x0A)
        case "v": return single(0x0B)
        case "f": return single(0x0C)
        case "r": return single(0x0D)
        case "0": return single(0)
        case "c":
            guard let letter = peek, letter.isASCII, letter.properties.isAlphabetic else { throw fail("\\c needs a letter") }
            index += 1
            return single(letter.value % 32)
        case "x": return single(try hex(2))
        case "u":
            if peek == "{" {
                index += 1
                var value: UInt32 = 0
                var digits = 0
                while let next = peek, let digit = Self.hexDigit(next) {
                    value = value * 16 + digit
                    digits += 1
                    index += 1
                    guard value <= 0x10FFFF else { throw fail("\\u{…} past U+10FFFF") }
                }
                guard digits > 0, peek == "}" else { throw fail("a bad \\u{…} escape") }
                index += 1
                return single(value)
            }
            return single(try hex(4))
        case "p", "P":
            guard peek == "{" else { throw fail("\\\(scalar) needs {…}") }
            index += 1
            var name = ""
            while let next = peek, next != "}" { name.unicodeScalars.append(next); index += 1 }
            guard peek == "}" else { throw fail("unterminated \\\(scalar){…}") }
            index += 1
            guard let item = Self.category(name) else { throw fail("unknown Unicode category '\(name)'") }
            return ScalarSet(items: [item], negated: scalar == "P")
        default:
            // ECMA's identity escapes: punctuation stands for itself; letters and digits that
            // mean nothing are refused, as Python's `re` refuses them.
            guard !scalar.properties.isAlphabetic, !("0"..."9").contains(scalar) else { throw fail("unknown escape '\\\(scalar)'") }
            return single(scalar.value)
        }
    }

    private mutating func hex(_ count: Int) throws(RegexSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count {
            guard let next = peek, let digit = Self.hexDigit(next) else { throw fail("a bad hex escape") }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 48
        case "a"..."f": return scalar.value - 87
        case "A"..."F": return scalar.value - 55
        default: return nil
        }
    }

    private static func category(_ name: String) -> ScalarSet.Item? {
        let short = name.hasPrefix("gc=") ? String(name.dropFirst(3)) : name.hasPrefix("General_Category=") ? String(name.dropFirst(17)) : name
        if short.count == 1, "LMNPSZC".contains(short) { return .categoryGroup(Character(short)) }
        let table: [String: Unicode.GeneralCategory] = [
            "Lu": .uppercaseLetter, "Ll": .lowercaseLetter, "Lt": .titlecaseLetter, "Lm": .modifierLetter, "Lo": .otherLetter,
            "Mn": .nonspacingMark, "Mc": .spacingMark, "Me": .enclosingMark, "Nd": .decimalNumber, "Nl": .letterNumber,
            "No": .otherNumber, "Pc": .connectorPunctuation, "Pd": .dashPunctuation, "Ps": .openPunctuation,
            "Pe": .closePunctuation, "Pi": .initialPunctuation, "Pf": .finalPunctuation, "Po": .otherPunctuation,
            "Sm": .mathSymbol, "Sc": .currencySymbol, "Sk": .modifierSymbol, "So": .otherSymbol, "Zs": .spaceSeparator,
            "Zl": .lineSeparator, "Zp": .paragraphSeparator, "Cc": .control, "Cf": .format, "Co": .privateUse,
            "Cs": .surrogate, "Cn": .unassigned,
        ]
        return table[short].map { .category($0) }
    }

    /// After `[`: a class, ECMA's way (`[]` matches nothing, `[^]` anything).
    private mutating func characterClass() throws(RegexSyntaxError) -> ScalarSet {
        var set = ScalarSet()
        if peek == "^" {
            set.negated = true
            index += 1
        }
        while true {
            guard let scalar = peek else { throw fail("unterminated character class") }
            if scalar == "]" { index += 1; return set }
            let low = try classAtom()
            if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                index += 1
                let high = try classAtom()
                guard let from = low.scalar, let to = high.scalar else {
                    // A class escape at either end makes '-' a literal (Annex B).
                    set.items += [.set(low), .range(0x2D, 0x2D), .set(high)]
                    continue
                }
                guard from <= to else { throw fail("a range out of order in a class") }
                set.items.append(.range(from, to))
            } else {
                set.items.append(low.single ?? .set(low))
            }
        }
    }

    private mutating func classAtom() throws(RegexSyntaxError) -> ScalarSet {
        let scalar = scalars[index]
        index += 1
        guard scalar == "\\" else { return ScalarSet(items: [.range(scalar.value, scalar.value)]) }
        if peek == "b" {
            index += 1
            return ScalarSet(items: [.range(0x08, 0x08)])
        }
        if let next = peek, ("1"..."9").contains(next) { throw fail("backreferences are not supported") }
        return try classEscape()
    }
}

extension ScalarSet {
    /// The set's one item when it is a plain, non-negated item.
    fileprivate var single: Item? { !negated && items.count == 1 ? items[0] : nil }

    /// The one scalar the set is, if it is one.
    fileprivate var scalar: UInt32? {
        guard case .range(let low, let high)? = single, low == high else { return nil }
        return low
    }
}

/// Lays a tree out as NFA instructions.
struct RegexProgramBuilder {
    private(set) var program: [RegexInstruction] = []
    /// Trees walked: a repetition of something that emits nothing (`(){99999}{99999}`) adds no
    /// instructions, so the walk itself is counted too.
    private var walked = 0

    mutating func append(_ instruction: RegexInstruction) throws(RegexSyntaxError) {
        guard program.count < SchemaRegex.maximumProgram else {
            throw RegexSyntaxError(reason: "the pattern is too large (its repetitions expand past \(SchemaRegex.maximumProgram) steps)")
        }
        program.append(instruction)
    }

    mutating func emit(_ tree: RegexTree) throws(RegexSyntaxError) {
        walked += 1
        guard walked <= SchemaRegex.maximumProgram * 10 else {
            throw RegexSyntaxError(reason: "the pattern is too large (its repetitions expand past \(SchemaRegex.maximumProgram) steps)")
        }
        switch tree {
        case .empty: break
        case .scalars(let set): try append(.scalar(set))
        case .assertion(let assertion): try append(.assert(assertion))
        case .sequence(let items): for item in items { try emit(item) }
        case .alternation(let branches):
            // split L1, next; L1: branch; jump end; next: split …
            var jumps: [Int] = []
            for (position, branch) in branches.enumerated() {
                if position < branches.count - 1 {
                    let split = program.count
                    try append(.split(split + 1, 0))
                    try emit(branch)
                    jumps.append(program.count)
                    try append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repetition(let inner, let minimum, let maximum):
            for _ in 0..<minimum { try emit(inner) }
            if let maximum {
                // Each optional copy may be skipped to the end.
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(program.count)
                    try append(.split(0, 0))
                    try emit(inner)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let split = program.count
                try append(.split(split + 1, 0))
                try emit(inner)
                try append(.jump(split))
                program[split] = .split(split + 1, program.count)
            }
        }
    }
}

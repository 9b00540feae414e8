/// A JSON Schema `pattern`: an ECMA-262 regular expression, searched for (unanchored) in a
/// string's Unicode scalars.
///
/// Our own engine, not Swift's `Regex` or Foundation's: both backtrack, and a schema's pattern
/// (from a registry, or a file anyone wrote) like `^(a+)+$` took minutes on 23 characters. This
/// one compiles to an NFA and runs it Thompson's way, every state at once, so a match costs at
/// most the string's length times the program's size, and that is counted against the caller's
/// budget. The price is what an NFA cannot do: backreferences and lookaround are refused when
/// the schema is parsed. Lazy quantifiers are accepted (a yes/no search cannot tell them apart).
/// Classes follow ECMA-262: `\d` and `\w` are ASCII, `.` stops at line terminators.
struct SchemaRegex: Sendable {
    let source: String
    let program: [RegexInstruction]

    /// Counted repetitions (`(a{100}){100}`) expand into copies: past this many instructions a
    /// pattern is refused rather than made to cost every string that much.
    static let maximumProgram = 20_000

    init(_ source: String) throws(RegexSyntaxError) {
        self.source = source
        var parser = RegexParser(Array(source.unicodeScalars))
        let tree = try parser.parse()
        var builder = RegexProgramBuilder()
        try builder.emit(tree)
        try builder.append(.accept)
        program = builder.program
    }

    /// Whether the pattern occurs anywhere in `text`; `nil` when `budget` (instruction steps)
    /// ran out first.
    func search(_ text: String, budget: inout Int) -> Bool? {
        let scalars = text.unicodeScalars.map(\.value)
        var current = StateSet(capacity: program.count)
        var next = StateSet(capacity: program.count)
        var stack: [Int] = []
        for position in 0...scalars.count {
            // A thread starts at every position: the search is unanchored.
            if add(0, at: position, in: scalars, to: &current, stack: &stack) { return true }
            budget -= current.members.count + 1
            guard budget > 0 else { return nil }
            guard position < scalars.count else { break }
            let scalar = scalars[position]
            for pc in current.members {
                guard case .scalar(let set) = program[pc], set.contains(scalar) else { continue }
                if add(pc + 1, at: position + 1, in: scalars, to: &next, stack: &stack) { return true }
            }
            swap(&current, &next)
            next.clear()
        }
        return false
    }

    /// Adds `start` and every state reachable from it without consuming a scalar; true when
    /// that reaches the end of the pattern.
    private func add(_ start: Int, at position: Int, in scalars: [UInt32], to set: inout StateSet, stack: inout [Int]) -> Bool {
        stack.append(start)
        while let pc = stack.popLast() {
            guard set.insert(pc) else { continue }
            switch program[pc] {
            case .accept: stack.removeAll(); return true
            case .scalar: break
            case .jump(let target): stack.append(target)
            case .split(let first, let second): stack.append(second); stack.append(first)
            case .assert(let assertion): if assertion.holds(at: position, in: scalars) { stack.append(pc + 1) }
            }
        }
        return false
    }
}

/// Why a pattern is refused, for the schema error.
struct RegexSyntaxError: Error, Sendable {
    let reason: String
}

/// One NFA instruction; `scalar` consumes, the others move between states for free.
enum RegexInstruction: Sendable {
    case scalar(ScalarSet)
    case split(Int, Int)
    case jump(Int)
    case assert(RegexAssertion)
    case accept
}

enum RegexAssertion: Sendable {
    case start, end, wordBoundary, notWordBoundary

    func holds(at position: Int, in scalars: [UInt32]) -> Bool {
        switch self {
        case .start: return position == 0
        case .end: return position == scalars.count
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && ScalarSet.isWord(scalars[position - 1])
            let after = position < scalars.count && ScalarSet.isWord(scalars[position])
            return (before != after) == (self == .wordBoundary)
        }
    }
}

/// The states of one step, in the order added, each once.
private struct StateSet {
    private(set) var members: [Int] = []
    private var present: [Bool]

    init(capacity: Int) {
        present = Array(repeating: false, count: capacity)
    }

    mutating func insert(_ pc: Int) -> Bool {
        guard !present[pc] else { return false }
        present[pc] = true
        members.append(pc)
        return true
    }

    mutating func clear() {
        for pc in members { present[pc] = false }
        members.removeAll(keepingCapacity: true)
    }
}

/// A set of scalars: ranges, the ECMA class escapes and Unicode general categories, possibly
/// negated.
struct ScalarSet: Sendable {
    indirect enum Item: Sendable {
        case range(UInt32, UInt32)
        case category(Unicode.GeneralCategory)
        case categoryGroup(Character)
        case set(ScalarSet)
    }

    var items: [Item] = []
    var negated = false

    func contains(_ scalar: UInt32) -> Bool {
        var found = false
        for item in items {
            switch item {
            case .range(let low, let high): found = scalar >= low && scalar <= high
            case .category(let category): found = Unicode.Scalar(scalar)?.properties.generalCategory == category
            case .categoryGroup(let letter): found = Unicode.Scalar(scalar).map { Self.group(of: $0.properties.generalCategory) == letter } ?? false
            case .set(let inner): found = inner.contains(scalar)
            }
            if found { break }
        }
        return found != negated
    }

    static func isWord(_ scalar: UInt32) -> Bool {
        (scalar >= 0x30 && scalar <= 0x39) || (scalar >= 0x41 && scalar <= 0x5A) || (scalar >= 0x61 && scalar <= 0x7A) || scalar == 0x5F
    }

    static let digit = ScalarSet(items: [.range(0x30, 0x39)])
    static let word = ScalarSet(items: [.range(0x30, 0x39), .range(0x41, 0x5A), .range(0x61, 0x7A), .range(0x5F, 0x5F)])
    /// ECMA-262's WhiteSpace and LineTerminator.
    static let space = ScalarSet(items: [
        .range(0x09, 0x0D), .range(0x20, 0x20), .range(0xA0, 0xA0), .range(0x1680, 0x1680), .range(0x2000, 0x200A),
        .range(0x2028, 0x2029), .range(0x202F, 0x202F), .range(0x205F, 0x205F), .range(0x3000, 0x3000), .range(0xFEFF, 0xFEFF),
    ])
    /// `.`: anything but a line terminator.
    static let dot = ScalarSet(items: [.range(0x0A, 0x0A), .range(0x0D, 0x0D), .range(0x2028, 0x2029)], negated: true)

    /// The one-letter group of a general category (`L` for `Lu`), for `\p{L}`.
    static func group(of category: Unicode.GeneralCategory) -> Character {
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return "L"
        case .nonspacingMark, .spacingMark, .enclosingMark: return "M"
        case .decimalNumber, .letterNumber, .otherNumber: return "N"
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return "P"
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return "S"
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: return "Z"
        default: return "C"
        }
    }
}

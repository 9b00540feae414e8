/// Curses colour pairs by (foreground, background), allocated on first use and bounded by the
/// terminal's `COLOR_PAIRS`. Pure bookkeeping: the caller runs `init_pair` for `.allocated`.
///
/// TermKit allocated a pair per attribute combination and leaked them; here a pair exists once
/// per colour combination, and the cache is emptied when the theme changes.
struct ColorPairCache: Sendable {
    /// A foreground and background, as curses colour numbers (-1 is the terminal default).
    struct Colors: Sendable, Hashable {
        var foreground: Int16
        var background: Int16
    }

    /// What a lookup found.
    enum Lookup: Sendable, Equatable {
        /// The pair already holds these colours.
        case cached(Int32)
        /// A new pair number: the caller must `init_pair` it before use.
        case allocated(Int32)
        /// Every pair is taken: draw with `fallback`, an existing pair as close as possible.
        case exhausted(fallback: Int32)

        /// The pair to draw with.
        var pair: Int32 {
            switch self {
            case .cached(let pair), .allocated(let pair), .exhausted(let pair): pair
            }
        }
    }

    /// Pair numbers run 1..<capacity (pair 0 is the terminal's default colours).
    let capacity: Int32
    private var pairs: [Colors: Int32] = [:]
    private var next: Int32 = 1

    /// A cache for a terminal with `colorPairs` pairs (curses keeps pair numbers in a short).
    init(colorPairs: Int) {
        capacity = Int32(min(max(colorPairs, 1), Int(Int16.max)))
    }

    /// How many pairs are allocated.
    var count: Int { pairs.count }

    mutating func pair(for colors: Colors) -> Lookup {
        if colors.foreground == -1, colors.background == -1 { return .cached(0) }
        if let pair = pairs[colors] { return .cached(pair) }
        guard next < capacity else {
            // Keeping the background right matters most (selection bars, the status bar); then
            // the foreground; pair 0 is the last resort.
            // The lowest matching number keeps the choice stable whatever the dictionary's order.
            if let match = pairs.filter({ $0.key.background == colors.background }).values.min() { return .exhausted(fallback: match) }
            if let match = pairs.filter({ $0.key.foreground == colors.foreground }).values.min() { return .exhausted(fallback: match) }
            return .exhausted(fallback: 0)
        }
        let pair = next
        next += 1
        pairs[colors] = pair
        return .allocated(pair)
    }

    /// Forgets every pair (a new theme); numbers are reused from 1.
    mutating func removeAll() {
        pairs.removeAll(keepingCapacity: true)
        next = 1
    }
}

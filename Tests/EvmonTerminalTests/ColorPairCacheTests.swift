import Testing

@testable import EvmonTerminal

@Suite struct ColorPairCacheTests {
    typealias Colors = ColorPairCache.Colors

    @Test func sameColoursGetTheSamePair() {
        var cache = ColorPairCache(colorPairs: 256)
        let first = cache.pair(for: Colors(foreground: 14, background: -1))
        #expect(first == .allocated(1))
        #expect(cache.pair(for: Colors(foreground: 14, background: -1)) == .cached(1))
        #expect(cache.pair(for: Colors(foreground: 0, background: 6)) == .allocated(2))
        #expect(cache.pair(for: Colors(foreground: 14, background: -1)) == .cached(1))
        #expect(cache.count == 2)
    }

    @Test func terminalDefaultsArePairZeroAndNeverAllocated() {
        var cache = ColorPairCache(colorPairs: 256)
        #expect(cache.pair(for: Colors(foreground: -1, background: -1)) == .cached(0))
        #expect(cache.count == 0)
    }

    @Test func exhaustionFallsBackToAPairWithTheSameBackgroundThenForeground() {
        // Eight pairs: 0 is the default, 1…7 can be allocated.
        var cache = ColorPairCache(colorPairs: 8)
        for foreground in Int16(1)...7 {
            #expect(cache.pair(for: Colors(foreground: foreground, background: foreground == 7 ? 4 : -1)) == .allocated(Int32(foreground)))
        }
        #expect(cache.pair(for: Colors(foreground: 9, background: 4)) == .exhausted(fallback: 7))
        #expect(cache.pair(for: Colors(foreground: 9, background: -1)) == .exhausted(fallback: 1))
        #expect(cache.pair(for: Colors(foreground: 3, background: 5)) == .exhausted(fallback: 3))
        #expect(cache.pair(for: Colors(foreground: 12, background: 13)) == .exhausted(fallback: 0))
        // Known pairs are still found, and nothing was allocated past the limit.
        #expect(cache.pair(for: Colors(foreground: 2, background: -1)) == .cached(2))
        #expect(cache.count == 7)
    }

    @Test func aTerminalWithoutPairsOnlyHasTheDefault() {
        var cache = ColorPairCache(colorPairs: 0)
        #expect(cache.pair(for: Colors(foreground: 1, background: 2)) == .exhausted(fallback: 0))
    }

    @Test func pairNumbersFitInAShort() {
        #expect(ColorPairCache(colorPairs: 65_536).capacity == 32_767)
    }

    @Test func removeAllStartsNumberingAgain() {
        var cache = ColorPairCache(colorPairs: 16)
        _ = cache.pair(for: Colors(foreground: 1, background: 2))
        _ = cache.pair(for: Colors(foreground: 3, background: 4))
        cache.removeAll()
        #expect(cache.count == 0)
        #expect(cache.pair(for: Colors(foreground: 3, background: 4)) == .allocated(1))
    }
}

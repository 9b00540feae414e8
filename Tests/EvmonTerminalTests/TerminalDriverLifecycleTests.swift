import EvmonUI
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@testable import EvmonTerminal
import EvmonModel

/// The driver's life without a terminal; drawing itself is exercised end to end in tmux.
@Suite struct TerminalDriverLifecycleTests {
    static let theme = Theme(name: "plain", styles: [:])
    static let withoutTerminal = isatty(0) == 0 || isatty(1) == 0

    @Test func beforeStartNothingTouchesTheTerminal() {
        let driver = TerminalDriver(theme: Self.theme, environment: [:])
        #expect(!driver.isRunning)
        #expect(driver.size == TerminalSize(width: 0, height: 0))
        driver.present(ScreenGrid(width: 10, height: 2))
        driver.setTheme(Self.theme)
        driver.stop()
        driver.stop()
        #expect(!driver.isRunning)
    }

    @Test func stopFinishesTheEvents() async {
        let driver = TerminalDriver(theme: Self.theme, environment: [:])
        driver.stop()
        var count = 0
        for await _ in driver.events { count += 1 }
        #expect(count == 0)
    }

    @Test(.enabled(if: withoutTerminal, "needs standard input or output not to be a terminal"))
    func startWithoutATerminalIsAUsageError() async {
        let driver = TerminalDriver(theme: Self.theme, environment: ["TERM": "xterm"])
        #expect(throws: EvmonError.usage("the terminal UI needs a terminal on standard input and output")) {
            try driver.start()
        }
        #expect(!driver.isRunning)
        // A failed start leaves the process free for another driver, and the events finished.
        let anotherDriverRunning = TerminalSignals.driverRunning.load(ordering: .relaxed)
        #expect(!anotherDriverRunning)
        for await _ in driver.events {}
    }

    @Test func runOutsideCursesNeedsARunningDriver() async {
        let driver = TerminalDriver(theme: Self.theme, environment: [:])
        await #expect(throws: EvmonError.usage("the terminal UI is not running")) {
            try await driver.runOutsideCurses { Issue.record("the body ran before start") }
        }
        driver.stop()
        await #expect(throws: EvmonError.usage("the terminal UI is not running")) {
            try await driver.runOutsideCurses { Issue.record("the body ran after stop") }
        }
    }
}

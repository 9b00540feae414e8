import CNCurses
import EvmonUI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import EvmonModel

/// Every curses call evmon makes. Created, used and closed on the driver's one curses thread,
/// which is why it is not `Sendable`.
final class CursesScreen {
    /// How one role is drawn: curses attributes and a colour pair.
    private struct Look {
        var attributes: attr_t
        var pair: Int32
    }

    private(set) var size: TerminalSize
    private let screen: OpaquePointer
    private let depth: ColorDepth
    private let defaultColors: Bool
    private var theme: Theme
    private var pairs: ColorPairCache
    private var looks: [Look?] = Array(repeating: nil, count: StyleRole.allCases.count)
    /// The frame curses holds, to diff the next one against; nil forces a full redraw.
    private var onScreen: ScreenGrid?
    private var clearBeforeNextFrame = true

    /// Enters curses on standard input/output. Throws, rather than exiting as `initscr` would,
    /// when there is no terminal or `TERM` is unknown.
    init(theme: Theme, noColor: Bool, environment: [String: String]) throws(EvmonError) {
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw .usage("the terminal UI needs a terminal on standard input and output")
        }
        // Wide-character curses draws UTF-8 only under a UTF-8 locale; a bare environment (cron,
        // CI, `env -i`) gets C.UTF-8, which every glibc ships.
        setlocale(LC_ALL, "")
        if evmon_locale_is_utf8() == 0 { setlocale(LC_CTYPE, "C.UTF-8") }
        guard let screen = evmon_newterm() else {
            throw .usage("cannot start the terminal UI: unknown terminal type '\(environment["TERM"] ?? "")' (set TERM)")
        }
        self.screen = screen
        TerminalSignals.cursesActive.store(true, ordering: .releasing)
        let window = evmon_stdscr()
        // Esc is a key of its own here (back, cancel): wait 25 ms, not a second, for a sequence.
        _ = set_escdelay(25)
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = intrflush(window, false)
        _ = keypad(window, true)
        _ = nodelay(window, true)
        _ = leaveok(window, true)
        _ = curs_set(0)
        var colored = false
        var defaults = false
        if !noColor, has_colors() {
            colored = start_color() == OK
            defaults = colored && use_default_colors() == OK
        }
        depth = colored ? ColorDepth(colors: Int(evmon_colors()), noColor: noColor) : .monochrome
        defaultColors = defaults
        pairs = ColorPairCache(colorPairs: colored ? Int(evmon_color_pairs()) : 1)
        self.theme = theme
        var rows: Int32 = 0
        var columns: Int32 = 0
        evmon_getmaxyx(window, &rows, &columns)
        size = TerminalSize(width: Int(columns), height: Int(rows))
    }

    /// Leaves curses and restores the terminal; call once.
    func close() {
        guard TerminalSignals.cursesActive.exchange(false, ordering: .acquiringAndReleasing) else { return }
        _ = curs_set(1)
        _ = endwin()
        delscreen(screen)
    }

    /// Leaves curses so the shell (Ctrl-Z) or another program (an editor) gets a normal
    /// terminal; the next `draw` re-enters curses (ncurses does that on refresh) and repaints
    /// everything.
    func suspend() {
        _ = curs_set(1)
        _ = endwin()
        invalidate()
    }

    /// Back from a stop: curses mode again, cursor hidden, size re-read (it may have changed).
    func resume() -> Bool {
        _ = curs_set(0)
        return resizeFromKernel()
    }

    /// Re-enters curses at once after `suspend` and `resume` (a refresh does it), before any key
    /// is read in the shell's cooked mode, and repaints every cell: `grid`, or the blank screen
    /// when no frame came yet. The terminal may hold anything the other program left.
    func repaint(_ grid: ScreenGrid?) {
        invalidate()
        if let grid {
            draw(grid)
        } else {
            let window = evmon_stdscr()
            _ = werase(window)
            _ = clearok(window, true)
            _ = wrefresh(window)
        }
    }

    /// A new theme: colour pairs are redefined from scratch and the next frame is drawn whole.
    func setTheme(_ theme: Theme) {
        self.theme = theme
        pairs.removeAll()
        looks = Array(repeating: nil, count: StyleRole.allCases.count)
        invalidate()
    }

    /// Forgets what is on screen: the next frame clears and draws everything.
    func invalidate() {
        onScreen = nil
        clearBeforeNextFrame = true
    }

    /// Takes the kernel's terminal size after SIGWINCH and resizes curses' windows to it.
    /// Returns true when the size changed.
    func resizeFromKernel() -> Bool {
        var rows: Int32 = 0
        var columns: Int32 = 0
        if evmon_terminal_size(1, &rows, &columns) == 0 { _ = resizeterm(rows, columns) }
        return refreshSize()
    }

    /// Reads curses' idea of the size (after it handled KEY_RESIZE itself).
    func refreshSize() -> Bool {
        var rows: Int32 = 0
        var columns: Int32 = 0
        evmon_getmaxyx(evmon_stdscr(), &rows, &columns)
        let newSize = TerminalSize(width: Int(columns), height: Int(rows))
        guard newSize != size else { return false }
        size = newSize
        invalidate()
        return true
    }

    /// Everything typed since the last call, without waiting (Esc still waits ESCDELAY for the
    /// rest of a sequence).
    func readInput() -> [CursesInput] {
        var inputs: [CursesInput] = []
        var value: UInt32 = 0
        // Bounded so a flood of pasted text cannot starve drawing; the rest is read next turn.
        while inputs.count < 256 {
            let result = evmon_get_wch(evmon_stdscr(), &value)
            if result == KEY_CODE_YES {
                inputs.append(.keyCode(Int32(bitPattern: value)))
            } else if result == OK {
                inputs.append(.character(value))
            } else {
                break
            }
        }
        return inputs
    }

    /// Draws `grid` (clipped to the screen) as the changes against the previous frame, then
    /// sends them to the terminal with one `doupdate`.
    func draw(_ grid: ScreenGrid) {
        let window = evmon_stdscr()
        if let onScreen, onScreen.width != grid.width || onScreen.height != grid.height {
            // A smaller frame would leave the old one's edges behind.
            invalidate()
        }
        if clearBeforeNextFrame {
            // After a resize or a theme change the terminal may hold anything: clear it for real.
            _ = werase(window)
            _ = clearok(window, true)
            clearBeforeNextFrame = false
        }
        let columns = min(grid.width, size.width)
        for run in FrameDiff.runs(from: onScreen, to: grid) where run.row < size.height {
            var leadWidth = 0
            for x in run.start..<min(run.end, columns) {
                let cell = grid[x, run.row]
                let look = look(for: cell.role)
                if cell.isContinuation {
                    // Curses already covered this column with the wide lead, unless the C library
                    // thinks the lead is narrow: then blank it so nothing stale shows through.
                    if leadWidth < 2 { _ = evmon_put_cell(Int32(run.row), Int32(x), 0x20, look.attributes, look.pair) }
                    leadWidth = 0
                    continue
                }
                leadWidth = Int(evmon_put_cell(Int32(run.row), Int32(x), cell.scalar, look.attributes, look.pair))
            }
        }
        onScreen = grid
        _ = wnoutrefresh(window)
        _ = doupdate()
    }

    /// The role's attributes and pair, allocating the pair the first time the role is drawn.
    private func look(for role: StyleRole) -> Look {
        let index = Int(role.rawValue)
        if let look = looks[index] { return look }
        let style = TerminalStyle.resolve(theme[role], role: role, depth: depth, defaultColors: defaultColors)
        var attributes = evmon_a_normal()
        if style.bold { attributes |= evmon_a_bold() }
        if style.dim { attributes |= evmon_a_dim() }
        if style.underline { attributes |= evmon_a_underline() }
        if style.reverse { attributes |= evmon_a_reverse() }
        var pair: Int32 = 0
        if depth != .monochrome {
            let lookup = pairs.pair(for: .init(foreground: style.foreground, background: style.background))
            if case .allocated(let number) = lookup {
                _ = init_pair(Int16(number), style.foreground, style.background)
            }
            pair = lookup.pair
        }
        let look = Look(attributes: attributes, pair: pair)
        looks[index] = look
        return look
    }
}

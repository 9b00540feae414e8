#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// evmon's signal dispositions while an editor owns the terminal; `restore` puts the previous
/// ones back.
///
/// - Ctrl-C and Ctrl-\ belong to the editor, as in git: evmon ignores them (an editor that
///   dies of one counts as cancelled), where the TUI would otherwise quit under the editor.
/// - Ctrl-Z must stop evmon too. Editors suspend with `kill(0, SIGTSTP)`, the whole process
///   group; if evmon caught it (the TUI does) it would keep running, the shell would wait for a
///   stop that never comes, and the terminal would hang. So SIGTSTP is back at its default: the
///   group stops together and `fg` continues it together.
struct EditorSignalDispositions {
    private var saved: [Int32: sigaction] = [:]

    static func install() -> EditorSignalDispositions {
        // One call per signal, not a loop over (signal, handler) pairs: with Swift 6.3 at -Onone,
        // a for-in over an array of tuples holding optional C function pointers runs zero times.
        var dispositions = EditorSignalDispositions()
        dispositions.replace(SIGINT, with: SIG_IGN)
        dispositions.replace(SIGQUIT, with: SIG_IGN)
        dispositions.replace(SIGTSTP, with: SIG_DFL)
        return dispositions
    }

    private mutating func replace(_ number: Int32, with handler: __sighandler_t?) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        var previous = sigaction()
        if sigaction(number, &action, &previous) == 0 { saved[number] = previous }
    }

    func restore() {
        for (number, previous) in saved {
            var previous = previous
            _ = sigaction(number, &previous, nil)
        }
    }
}

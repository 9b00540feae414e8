/// One result of `get_wch`: a character or a function-key code. Kept apart from curses calls
/// so that translating it to a `Key` is a pure, testable function.
enum CursesInput: Sendable, Equatable {
    /// `get_wch` returned OK: a Unicode scalar value (control characters included).
    case character(UInt32)
    /// `get_wch` returned KEY_CODE_YES: a curses key code such as `KEY_UP`.
    case keyCode(Int32)
}

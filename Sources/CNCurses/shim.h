// The parts of ncursesw that Swift cannot import (function-like macros, the `stdscr`/`LINES`
// globals, cchar_t construction) as small stateless static inline functions. Stateful pieces
// (signal handlers, atexit) live in Swift: a static variable here would be copied into every
// object file that includes the header.
#ifndef EVMON_CNCURSES_SHIM_H
#define EVMON_CNCURSES_SHIM_H

// The wide-character API (cchar_t, get_wch, add_wch) is declared only with these.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <ncursesw/curses.h>
#include <langinfo.h>
#include <locale.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

static inline WINDOW *evmon_stdscr(void) { return stdscr; }

/// Starts curses on standard output and input for $TERM; NULL (not an exit, as initscr does)
/// when the terminal type is unknown.
static inline SCREEN *evmon_newterm(void) { return newterm(NULL, stdout, stdin); }

/// The kernel's idea of the terminal size on `fd`; 0 on success.
static inline int evmon_terminal_size(int fd, int *rows, int *columns) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) { return -1; }
    *rows = size.ws_row;
    *columns = size.ws_col;
    return 0;
}
static inline int evmon_lines(void) { return LINES; }
static inline int evmon_cols(void) { return COLS; }
static inline int evmon_colors(void) { return COLORS; }
static inline int evmon_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t evmon_a_normal(void) { return A_NORMAL; }
static inline attr_t evmon_a_bold(void) { return A_BOLD; }
static inline attr_t evmon_a_dim(void) { return A_DIM; }
static inline attr_t evmon_a_underline(void) { return A_UNDERLINE; }
static inline attr_t evmon_a_reverse(void) { return A_REVERSE; }

static inline int evmon_key_f(int number) { return KEY_F(number); }
static inline int evmon_color_pair(int pair) { return (int)COLOR_PAIR(pair); }

/// The size of `window`, as getmaxyx gives it.
static inline void evmon_getmaxyx(WINDOW *window, int *rows, int *columns) {
    int y = 0, x = 0;
    getmaxyx(window, y, x);
    *rows = y;
    *columns = x;
}

/// True when the current LC_CTYPE encodes text as UTF-8.
static inline int evmon_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/// The columns the C library thinks `scalar` takes (-1 for unprintable), which is what curses uses.
static inline int evmon_wcwidth(uint32_t scalar) { return wcwidth((wchar_t)scalar); }

/// Reads one key: returns OK with a character in *value, KEY_CODE_YES with a key code, or ERR.
static inline int evmon_get_wch(WINDOW *window, uint32_t *value) {
    wint_t character = 0;
    int result = wget_wch(window, &character);
    *value = (uint32_t)character;
    return result;
}

/// Draws one scalar at (y, x) with `attributes` and colour `pair`; returns the columns curses
/// gave it. A scalar curses would not show as one glyph (unprintable, zero width) becomes
/// U+FFFD or a blank, so a cell can never shift its neighbours.
static inline int evmon_put_cell(int y, int x, uint32_t scalar, attr_t attributes, int pair) {
    wchar_t text[2] = { (wchar_t)scalar, 0 };
    int width = wcwidth(text[0]);
    if (width < 0) { text[0] = 0xFFFD; width = wcwidth(text[0]); if (width < 1) { text[0] = L'?'; width = 1; } }
    if (width == 0) { text[0] = L' '; width = 1; }
    cchar_t cell;
    memset(&cell, 0, sizeof cell);
    if (setcchar(&cell, text, attributes, (short)pair, NULL) != OK) { return width; }
    mvwadd_wch(stdscr, y, x, &cell);
    return width;
}

#endif

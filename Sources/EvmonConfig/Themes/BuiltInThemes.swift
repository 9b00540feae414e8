// Generated from themes/*.yaml: the shipped themes, compiled in so a lone binary still has them.
// Keep in sync (a test compares these to the files): copy a file's text between the quotes.

/// The text of the themes shipped in `themes/`, by name.
enum BuiltInThemes {
    static let text: [String: String] = [
        "default": #"""
# evmon default theme: dark, for terminals with a dark background.
#
# Each key is a style role; a style takes fg and bg (colours) and bold, dim, underline, reverse
# (true or false). Colours: default (the terminal's own), black, red, green, yellow, blue,
# magenta, cyan, white, bright-black … bright-white, a palette number 0-255, or "#rrggbb"
# (quoted: YAML reads an unquoted # as a comment). Roles left out look like `text`.
# Terminals with fewer colours get the nearest ones; NO_COLOR keeps only the attributes.
text:                { fg: default, bg: default }
dim:                 { fg: 245 }
border:              { fg: 240 }
border_focused:      { fg: bright-cyan }
title:               { fg: 250, bold: true }
title_focused:       { fg: bright-cyan, bold: true }
header:              { fg: bright-yellow, bold: true }
selection:           { fg: black, bg: cyan }
selection_unfocused: { fg: default, bg: bright-black }
status_bar:          { fg: 252, bg: 236 }
status_key:          { fg: bright-yellow, bg: 236, bold: true }
hint:                { fg: 244 }
ok:                  { fg: bright-green }
warn:                { fg: bright-yellow, bold: true }
error:               { fg: bright-red, bold: true }
pending:             { fg: bright-blue }
json_key:            { fg: bright-blue }
json_string:         { fg: green }
json_number:         { fg: bright-magenta }
json_literal:        { fg: yellow }
json_punctuation:    { fg: 244 }
escaped:             { fg: magenta, underline: true }
sparkline:           { fg: cyan }
overlay:             { fg: default, bg: 235 }
overlay_title:       { fg: bright-cyan, bg: 235, bold: true }
prompt:              { fg: bright-yellow, bold: true }
match:               { fg: black, bg: yellow }

"""#,
        "light": #"""
# evmon light theme: for terminals with a light background.
# Keys and colours as in default.yaml; roles left out look like `text`.
text:                { fg: default, bg: default }
dim:                 { fg: 243 }
border:              { fg: 249 }
border_focused:      { fg: blue }
title:               { fg: 238, bold: true }
title_focused:       { fg: blue, bold: true }
header:              { fg: 94, bold: true }
selection:           { fg: white, bg: blue }
selection_unfocused: { fg: black, bg: 252 }
status_bar:          { fg: 236, bg: 254 }
status_key:          { fg: blue, bg: 254, bold: true }
hint:                { fg: 242 }
ok:                  { fg: 28 }
warn:                { fg: 130, bold: true }
error:               { fg: red, bold: true }
pending:             { fg: 25 }
json_key:            { fg: 25 }
json_string:         { fg: 28 }
json_number:         { fg: 127 }
json_literal:        { fg: 130 }
json_punctuation:    { fg: 244 }
escaped:             { fg: magenta, underline: true }
sparkline:           { fg: 31 }
overlay:             { fg: default, bg: 255 }
overlay_title:       { fg: blue, bg: 255, bold: true }
prompt:              { fg: blue, bold: true }
match:               { fg: black, bg: "#ffd75f" }

"""#,
        "high-contrast": #"""
# evmon high-contrast theme: bright colours on black, selections in reverse video.
# Keys and colours as in default.yaml; roles left out look like `text`.
text:                { fg: bright-white, bg: black }
dim:                 { fg: white, bg: black }
border:              { fg: white, bg: black }
border_focused:      { fg: bright-yellow, bg: black, bold: true }
title:               { fg: bright-white, bg: black, bold: true }
title_focused:       { fg: bright-yellow, bg: black, bold: true, underline: true }
header:              { fg: bright-white, bg: black, bold: true, underline: true }
selection:           { fg: bright-white, bg: black, bold: true, reverse: true }
selection_unfocused: { fg: white, bg: black, reverse: true }
status_bar:          { fg: black, bg: bright-white }
status_key:          { fg: black, bg: bright-yellow, bold: true }
hint:                { fg: bright-white, bg: black }
ok:                  { fg: bright-green, bg: black, bold: true }
warn:                { fg: bright-yellow, bg: black, bold: true }
error:               { fg: bright-red, bg: black, bold: true, underline: true }
pending:             { fg: bright-cyan, bg: black }
json_key:            { fg: bright-cyan, bg: black, bold: true }
json_string:         { fg: bright-green, bg: black }
json_number:         { fg: bright-yellow, bg: black }
json_literal:        { fg: bright-magenta, bg: black }
json_punctuation:    { fg: bright-white, bg: black }
escaped:             { fg: black, bg: bright-magenta }
sparkline:           { fg: bright-cyan, bg: black }
overlay:             { fg: bright-white, bg: black }
overlay_title:       { fg: bright-yellow, bg: black, bold: true, underline: true }
prompt:              { fg: bright-yellow, bg: black, bold: true }
match:               { fg: black, bg: bright-yellow, bold: true }

"""#,
    ]
}

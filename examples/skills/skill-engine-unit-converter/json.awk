# Reads one flat JSON object (keys to strings, numbers, true, false or null) and writes JSON strings, in busybox awk,
# which has no JSON of its own. skill-engine-unit-converter and skill-engine-pii-masker each carry this file (a
# bundle is self-contained). The caller defines fail(message) and USAGE, an example of its params.
#
# parse_object(text) fills TYPE[key] ("string", "number", "true", "false", "null") and VAL[key] (the decoded string,
# or the literal as written). It is a whole parser, not a pattern that happens to fit: every escape is decoded
# (\uXXXX and surrogate pairs to UTF-8), and anything that is not a flat object is refused with what was wrong.
#
# The trick that keeps it short: once the escaped backslashes and escaped quotes are replaced by two bytes that valid
# JSON cannot hold raw (\001 and \002, control characters), every remaining '"' opens or closes a string, so
# splitting on '"' gives the structure (odd pieces) and the strings (even pieces), each checked below.

function parse_object(src,    WS, n, seg, i, key, s, rest, tok) {
    if (src ~ JSON_CTRL_RAW) json_bad("a control character outside a string escape")
    gsub(/\\\\/, "\001", src)
    gsub(/\\"/, "\002", src)
    n = split(src, seg, "\"")
    if (n % 2 == 0) json_bad("a string is not closed")
    for (i = 1; i <= n; i += 2)
        if (seg[i] ~ /[\\\001\002]/) json_bad("a backslash outside a string")
    WS = "[ \t\r\n]*"
    if (seg[1] !~ ("^" WS "[{]")) fail("the params must be a JSON object; " USAGE)
    if (n == 1 && seg[1] ~ ("^" WS "[{]" WS "[}]" WS "$")) return
    if (n == 1 || seg[1] !~ ("^" WS "[{]" WS "$")) json_bad("expected a key or '}' after '{'")
    for (i = 2; ; ) {
        key = json_decode(seg[i])
        if (key in TYPE) json_bad("the key " quote(key) " appears twice")
        s = seg[i + 1]
        if (s ~ ("^" WS ":" WS "$") && i + 2 < n) {         # a string value
            TYPE[key] = "string"; VAL[key] = json_decode(seg[i + 2])
            s = seg[i + 3]
            if (s ~ ("^" WS "," WS "$") && i + 3 < n) { i += 4; continue }
            if (s ~ ("^" WS "[}]" WS "$") && i + 3 == n) return
            json_bad("expected ',' or '}' after the value of " quote(key))
        }
        if (!match(s, "^" WS ":" WS)) json_bad("expected ':' after the key " quote(key))
        rest = substr(s, RLENGTH + 1)
        if (rest ~ /^[[{]/) fail("the value of " quote(key) " is an array or an object; the params are a flat object: " USAGE)
        if (!match(rest, /^(-?(0|[1-9][0-9]*)([.][0-9]+)?([eE][+-]?[0-9]+)?|true|false|null)/))
            json_bad("the value of " quote(key) " is not a string, a number, true, false or null")
        tok = substr(rest, 1, RLENGTH); rest = substr(rest, RLENGTH + 1)
        TYPE[key] = tok ~ /^[-0-9]/ ? "number" : tok; VAL[key] = tok
        if (rest ~ ("^" WS "," WS "$") && i + 1 < n) { i += 2; continue }
        if (rest ~ ("^" WS "[}]" WS "$") && i + 1 == n) return
        json_bad("expected ',' or '}' after the value of " quote(key))
    }
}

# The text of one string, its markers and escapes decoded.
function json_decode(s,    parts, n, i, p, c, cp, piece, m) {
    if (s ~ JSON_CTRL_STR) json_bad("a control character in a string (JSON writes it as an escape)")
    n = split(s, parts, "\\")
    piece[m = 1] = json_unmark(parts[1])
    for (i = 2; i <= n; i++) {
        p = parts[i]; c = substr(p, 1, 1)
        if (c in JSON_ESC) { piece[++m] = JSON_ESC[c] json_unmark(substr(p, 2)); continue }
        if (p !~ /^u[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]/) json_bad("an invalid escape '\\" substr(p, 1, 5) "'")
        cp = json_hex(substr(p, 2, 4))
        if (cp >= 55296 && cp <= 56319) {                  # a high surrogate: the low one must follow at once
            if (length(p) != 5 || i == n || parts[i + 1] !~ /^u[dD][c-fC-F][0-9A-Fa-f][0-9A-Fa-f]/)
                json_bad("a lone surrogate '\\" substr(p, 1, 5) "'")
            i++; p = parts[i]
            cp = 65536 + (cp - 55296) * 1024 + json_hex(substr(p, 2, 4)) - 56320
        } else if (cp >= 56320 && cp <= 57343) json_bad("a lone surrogate '\\" substr(p, 1, 5) "'")
        if (cp == 0) json_bad("a NUL character (\\u0000), which this skill cannot hold")
        piece[++m] = json_utf8(cp) json_unmark(substr(p, 6))
    }
    return json_join(piece, 1, m)
}

# a[lo] ... a[hi] as one string. Halving keeps the copying at n log n: appending piece by piece would copy the whole
# text once per escape, which is minutes for a long text of short lines.
function json_join(a, lo, hi,    mid) {
    if (lo == hi) return a[lo]
    mid = int((lo + hi) / 2)
    return json_join(a, lo, mid) json_join(a, mid + 1, hi)
}

function json_unmark(s) {
    gsub(/\001/, "\\", s)
    gsub(/\002/, "\"", s)
    return s
}

function json_hex(h,    i, v) {
    v = 0
    for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
    return v
}

function json_utf8(cp) {
    if (cp < 128) return sprintf("%c", cp)
    if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
    if (cp < 65536) return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
    return sprintf("%c%c%c%c", 240 + int(cp / 262144), 128 + int(cp / 4096) % 64, 128 + int(cp / 64) % 64, 128 + cp % 64)
}

# s as a JSON string, quotes included.
function quote(s,    i, c) {
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    if (s ~ JSON_CTRL)
        for (i = 1; i < 32; i++) {
            c = sprintf("%c", i)
            if (index(s, c)) gsub(c, (i in JSON_OUT) ? JSON_OUT[i] : sprintf("\\u%04x", i), s)
        }
    return "\"" s "\""
}

function json_bad(what) {
    fail("the params are not valid JSON: " what "; " USAGE)
}

BEGIN {
    JSON_CTRL = "[" sprintf("%c", 1) "-" sprintf("%c", 31) "]"
    JSON_CTRL_STR = "[" sprintf("%c", 3) "-" sprintf("%c", 31) "]"      # all but the markers \001 and \002
    JSON_CTRL_RAW = "[" sprintf("%c", 1) "-" sprintf("%c", 8) sprintf("%c", 11) sprintf("%c", 12) \
        sprintf("%c", 14) "-" sprintf("%c", 31) "]"                 # all but tab, newline, carriage return
    JSON_ESC["\""] = "\""; JSON_ESC["/"] = "/"; JSON_ESC["b"] = "\b"; JSON_ESC["f"] = "\f"
    JSON_ESC["n"] = "\n"; JSON_ESC["r"] = "\r"; JSON_ESC["t"] = "\t"
    JSON_OUT[8] = "\\b"; JSON_OUT[9] = "\\t"; JSON_OUT[10] = "\\n"; JSON_OUT[12] = "\\f"; JSON_OUT[13] = "\\r"
}

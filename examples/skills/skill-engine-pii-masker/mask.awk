# Masks personal data in a text with the regular expressions of /data/patterns.tsv (the bundle's data/, read-only).
# Each match becomes a tag such as [EMAIL_1], the same value always the same tag, as in the Skillware and Agent Skills
# maskers, so that a reply mentioning a tag can be mapped back by the caller. Input: the run's params on stdin,
# {"text": "..."}. Output: {"text": the masked text, "counts": {KIND: matches masked, ...}} with every kind of the
# patterns file in its order; on bad params or a bad patterns file, a message on stderr and exit 2. Only busybox awk.

BEGIN {
    PROG = "pii-masker"
    USAGE = "pass {\"text\": \"Mail ana@example.org\"}"
    PATTERNS = "/data/patterns.tsv"
    WORD = "[A-Za-z0-9_]"
    load_patterns(PATTERNS)
    src = ""
    while ((getline line) > 0) src = src line "\n"
    parse_object(src)
    for (key in TYPE) if (key != "text") fail("unknown param " quote(key) "; " USAGE)
    if (!("text" in TYPE)) fail("the params need text; " USAGE)
    if (TYPE["text"] != "string") fail("text must be a JSON string, not " VAL["text"])

    # Line by line, the masked text streamed out: no expression matches across a line, and one long string built
    # match by match would be copied once per match.
    n = split(VAL["text"], lines, "\n")
    printf "{\"text\": \""
    for (i = 1; i <= n; i++) {
        for (k = 1; k <= NKINDS; k++) lines[i] = mask(lines[i], k)
        masked = quote(lines[i])
        printf "%s%s", (i > 1 ? "\\n" : ""), substr(masked, 2, length(masked) - 2)
    }
    printf "\", \"counts\": {"
    for (k = 1; k <= NKINDS; k++) printf "%s\"%s\": %d", (k > 1 ? ", " : ""), KIND[k], COUNT[k]
    print "}}"
    exit 0
}

function load_patterns(file,    line, nr, n, f, r) {
    while ((r = (getline line < file)) > 0) {
        nr++
        if (line ~ /^#/ || line ~ /^[ \t]*$/) continue
        n = split(line, f, "\t")
        if (n != 2 || f[1] !~ /^[A-Z][A-Z0-9_]*$/ || f[2] == "")
            fail(file ":" nr ": expected KIND (capitals, digits, _), a tab and an extended regular expression")
        KIND[++NKINDS] = f[1]; RE[NKINDS] = f[2]; WHOLE[NKINDS] = "^(" f[2] ")$"
    }
    if (r < 0) fail("cannot read " file " (the bundle's data/, mounted read-only at /data)")
    close(file)
    if (NKINDS == 0) fail(file " names no kind")
}

# s with every match of kind k replaced by its tag. A match glued to a letter, digit or underscore is not one (ERE
# has no \b): the search goes on from the next character. A CARD that fails the Luhn check is passed over whole, as
# the other maskers do; looking for a card inside it would find one in a tenth of all runs of digits.
function mask(s, k,    out, prev, start, len, value, key) {
    out = ""; prev = ""                     # prev: the character before s in the text
    while (match(s, RE[k])) {
        start = RSTART
        if (start > 1) prev = substr(s, start - 1, 1)
        len = prev ~ WORD ? 0 : bounded(s, k, start, RLENGTH)
        if (len == 0) {                     # none here: look again from the next character
            out = out substr(s, 1, start); prev = substr(s, start, 1); s = substr(s, start + 1)
            continue
        }
        value = substr(s, start, len)
        if (KIND[k] == "CARD" && !luhn(value)) {   # not a card: skipped whole, its digits left to the later kinds
            out = out substr(s, 1, start + len - 1); prev = substr(value, len, 1); s = substr(s, start + len)
            continue
        }
        key = k SUBSEP value
        if (!(key in TAG)) TAG[key] = "[" KIND[k] "_" ++DISTINCT[k] "]"
        COUNT[k]++
        out = out substr(s, 1, start - 1) TAG[key]; prev = "]"; s = substr(s, start + len)
    }
    return out s
}

# The length of the longest match of kind k at start that no word character follows, or 0: the leftmost-longest
# match may run into a word where a shorter one (as a backtracking engine finds at \b) ends cleanly.
function bounded(s, k, start, len) {
    for (; len > 0; len--)
        if (substr(s, start + len, 1) !~ WORD && substr(s, start, len) ~ WHOLE[k]) return len
    return 0
}

function luhn(digits,    i, d, sum, double) {
    gsub(/[ -]/, "", digits)
    sum = 0; double = 0
    for (i = length(digits); i >= 1; i--) {
        d = substr(digits, i, 1) * (double ? 2 : 1)
        sum += d > 9 ? d - 9 : d
        double = !double
    }
    return sum % 10 == 0
}

function fail(msg) {
    printf "%s: %s\n", PROG, msg > "/dev/stderr"
    exit 2
}

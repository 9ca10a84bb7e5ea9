# Converts a value between two units of the same quantity (length, mass, temperature, speed), with the units and
# semantics of skillware-unit-converter. Input: the run's params on stdin, a flat JSON object such as
# {"value": 10, "from_unit": "km", "to_unit": "mi"}. Output: one JSON object on stdout; on bad input or an impossible
# conversion, a message on stderr and exit 2. Only busybox awk: the image has nothing else.

BEGIN {
    PROG = "unit-converter"
    USAGE = "pass {\"value\": 10, \"from_unit\": \"km\", \"to_unit\": \"mi\"}"
    units()
    src = ""
    while ((getline line) > 0) src = src line "\n"
    parse_object(src)
    if (!("value" in TYPE) || !("from_unit" in TYPE) || !("to_unit" in TYPE))
        fail("the params need value, from_unit and to_unit; " USAGE)
    if (TYPE["value"] != "number")
        fail("value must be a JSON number, not " show("value"))
    if (TYPE["from_unit"] != "string" || TYPE["to_unit"] != "string")
        fail("from_unit and to_unit must be strings; " USAGE)

    value = VAL["value"] + 0
    if (value - value != 0) fail("value " VAL["value"] " is out of range")
    from = unit_name(VAL["from_unit"]); to = unit_name(VAL["to_unit"])
    if (!(from in QUANTITY)) fail("unknown unit " quote(from) "; known: " KNOWN)
    if (!(to in QUANTITY)) fail("unknown unit " quote(to) "; known: " KNOWN)
    q = QUANTITY[from]
    if (q != QUANTITY[to]) fail("cannot convert " q " (" from ") to " QUANTITY[to] " (" to ")")

    if (q == "temperature") converted = from_celsius(to_celsius(value, from), to)
    else converted = value * FACTOR[from] / FACTOR[to]
    if (converted - converted != 0) fail("the result of converting " VAL["value"] " " from " to " to " is out of range")
    printf "{\"original_value\": %s, \"from_unit\": %s, \"to_unit\": %s, \"quantity\": \"%s\", \"converted_value\": %s}\n",
        VAL["value"], quote(from), quote(to), q, rounded(converted)
    exit 0
}

# Factors to one base unit per quantity: metre, kilogram, metre per second (skillware-unit-converter's table, with
# agent-skill-unit-converter's nautical mile). Temperatures are not linear: see to_celsius and from_celsius.
function units() {
    table("length", "mm=0.001 cm=0.01 m=1 km=1000 in=0.0254 ft=0.3048 yd=0.9144 mi=1609.344 nmi=1852")
    table("mass", "mg=0.000001 g=0.001 kg=1 t=1000 oz=0.028349523125 lb=0.45359237")
    table("speed", "m/s=1 mph=0.44704")
    FACTOR["km/h"] = 1 / 3.6; FACTOR["kn"] = 1852 / 3600
    QUANTITY["km/h"] = QUANTITY["kn"] = "speed"
    QUANTITY["celsius"] = QUANTITY["fahrenheit"] = QUANTITY["kelvin"] = "temperature"
    KNOWN = "mm cm m km in ft yd mi nmi (length), mg g kg t oz lb (mass), celsius fahrenheit kelvin (temperature), " \
        "m/s km/h mph kn (speed)"
}

function table(quantity, factors,    f, n, i, kv) {
    n = split(factors, f, " ")
    for (i = 1; i <= n; i++) {
        split(f[i], kv, "=")
        QUANTITY[kv[1]] = quantity; FACTOR[kv[1]] = kv[2] + 0
    }
}

function to_celsius(v, u) {
    if (u == "fahrenheit") return (v - 32) * 5 / 9
    if (u == "kelvin") return v - 273.15
    return v
}

function from_celsius(v, u) {
    if (u == "fahrenheit") return v * 9 / 5 + 32
    if (u == "kelvin") return v + 273.15
    return v
}

# Python's round(x, 6) as JSON: six decimals without trailing zeros; huge values in exponent form.
function rounded(x,    s) {
    if (x >= 1e15 || x <= -1e15) return sprintf("%.15g", x)
    s = sprintf("%.6f", x)
    sub(/0+$/, "", s); sub(/[.]$/, "", s)
    return s == "-0" ? "0" : s
}

# Like skillware-unit-converter: surrounding blanks do not count, nor does case ("KM" is km).
function unit_name(s) {
    gsub(/^[ \t\r\n]+|[ \t\r\n]+$/, "", s)
    return tolower(s)
}

function show(key) {
    return TYPE[key] == "string" ? "the string " quote(VAL[key]) : VAL[key]
}

function fail(msg) {
    printf "%s: %s\n", PROG, msg > "/dev/stderr"
    exit 2
}

"""Convert VALUE from one unit to another with the table in assets/units.csv."""
import csv
import json
import sys
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "assets" / "units.csv"


def load():
    with TABLE.open(newline="", encoding="utf-8") as f:
        return {row["unit"]: (row["quantity"], float(row["factor"])) for row in csv.DictReader(f)}


def main(argv):
    units = load()
    if argv == ["--list"]:
        by_quantity = {}
        for unit, (quantity, _) in units.items():
            by_quantity.setdefault(quantity, []).append(unit)
        print(json.dumps(by_quantity))
        return 0
    if len(argv) != 3:
        print("usage: convert.py VALUE FROM TO | convert.py --list", file=sys.stderr)
        return 2
    try:
        value = float(argv[0])
    except ValueError:
        print(f"convert.py: '{argv[0]}' is not a number", file=sys.stderr)
        return 2
    source, target = argv[1], argv[2]
    for unit in (source, target):
        if unit not in units:
            print(f"convert.py: unknown unit '{unit}' (see --list)", file=sys.stderr)
            return 2
    (q1, f1), (q2, f2) = units[source], units[target]
    if q1 != q2:
        print(f"convert.py: cannot convert {q1} to {q2}", file=sys.stderr)
        return 2
    print(json.dumps({"value": value, "from": source, "to": target, "quantity": q1,
                      "converted": round(value * f1 / f2, 6)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

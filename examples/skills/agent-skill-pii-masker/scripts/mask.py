#!/usr/bin/env python3
"""Mask personal data in stdin; print the cleaned text (or a JSON report with --report)."""
import argparse
import json
import re
import sys
from pathlib import Path

PATTERNS = Path(__file__).resolve().parent.parent / "assets" / "patterns.json"


def luhn_ok(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def find(text, patterns):
    taken, found = [], []
    for kind, rx in patterns.items():
        for m in rx.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            if kind == "CARD" and not luhn_ok(re.sub(r"[ -]", "", m.group())):
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), kind))
    return sorted(found)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=["mask", "redact", "remove"], default="mask")
    parser.add_argument("--kinds", help="comma-separated kinds, e.g. EMAIL,PHONE (default: all)")
    parser.add_argument("--report", action="store_true", help="print a JSON report instead of the text")
    args = parser.parse_args()

    known = {kind: re.compile(rx) for kind, rx in json.loads(PATTERNS.read_text(encoding="utf-8")).items()}
    wanted = [k.strip().upper() for k in args.kinds.split(",")] if args.kinds else list(known)
    unknown = [k for k in wanted if k not in known]
    if unknown:
        sys.exit(f"mask.py: unknown kinds {', '.join(unknown)}; known: {', '.join(known)}")
    patterns = {k: rx for k, rx in known.items() if k in wanted}

    text = sys.stdin.read()
    tags, counts, findings, out, last = {}, {}, [], [], 0
    for start, end, kind in find(text, patterns):
        value = text[start:end]
        if value not in tags:
            counts[kind] = counts.get(kind, 0) + 1
            tags[value] = f"[{kind}_{counts[kind]}]"
        out.append(text[last:start] + {"mask": tags[value], "redact": "[REDACTED]", "remove": ""}[args.mode])
        last = end
        findings.append({"kind": kind, "start": start, "end": end, "tag": tags[value]})
    out.append(text[last:])
    cleaned = "".join(out)
    print(f"mask.py: {len(findings)} match(es) of {len(patterns)} kind(s)", file=sys.stderr)
    if args.report:
        print(json.dumps({"text": cleaned, "findings": findings, "counts": counts}))
    else:
        sys.stdout.write(cleaned)


if __name__ == "__main__":
    main()

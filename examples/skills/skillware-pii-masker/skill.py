import json
import os
import re
from typing import Any, Dict, List

from skillware.core.base_skill import BaseSkill

HERE = os.path.dirname(os.path.abspath(__file__))


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


class PiiMasker(BaseSkill):
    """Masks personal data found by the regular expressions in data/patterns.json."""

    def __init__(self, config=None):
        super().__init__(config)
        with open(os.path.join(HERE, "data", "patterns.json"), encoding="utf-8") as f:
            # Order matters: earlier kinds claim their text first (an IBAN is not also a phone number).
            self.patterns = {kind: re.compile(rx) for kind, rx in json.load(f).items()}

    @property
    def manifest(self) -> Dict[str, Any]:
        return self.load_manifest_from_dir(HERE)

    def execute(self, params: Dict[str, Any]) -> Dict[str, Any]:
        text = params["text"]
        mode = params.get("mode", "mask")
        kinds = [k.upper() for k in params.get("kinds", self.patterns.keys())]
        unknown = sorted(set(kinds) - set(self.patterns))
        if unknown:
            return {"error": f"unknown kinds {unknown}; known: {sorted(self.patterns)}"}
        matches = self.find(text, kinds)
        tags: Dict[str, str] = {}
        counts: Dict[str, int] = {}
        findings: List[Dict[str, Any]] = []
        out, last = [], 0
        for start, end, kind in matches:
            value = text[start:end]
            if value not in tags:
                counts[kind] = counts.get(kind, 0) + 1
                tags[value] = f"[{kind}_{counts[kind]}]"
            replacement = {"mask": tags[value], "redact": "[REDACTED]", "remove": ""}[mode]
            out.append(text[last:start] + replacement)
            last = end
            findings.append({"kind": kind, "start": start, "end": end, "tag": tags[value]})
        out.append(text[last:])
        return {"text": "".join(out), "mode": mode, "findings": findings, "counts": counts}

    def find(self, text: str, kinds: List[str]):
        taken: List[range] = []
        found = []
        for kind in (k for k in self.patterns if k in kinds):
            for m in self.patterns[kind].finditer(text):
                if any(m.start() < r.stop and r.start < m.end() for r in taken):
                    continue
                if kind == "CARD" and not luhn_ok(re.sub(r"[ -]", "", m.group())):
                    continue
                taken.append(range(m.start(), m.end()))
                found.append((m.start(), m.end(), kind))
        return sorted(found)

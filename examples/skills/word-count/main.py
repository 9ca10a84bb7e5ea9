"""Counts words. Params on stdin, result on stdout, logs on stderr: the skillbox host contract."""
import collections
import json
import re
import sys

params = json.load(sys.stdin)
words = re.findall(r"[\w'-]+", params["text"].lower())
counts = collections.Counter(words)
top = [{"word": w, "count": n} for w, n in counts.most_common(params.get("top", 3))]
print(f"counted {len(words)} words", file=sys.stderr)
json.dump({"words": len(words), "unique": len(counts), "top": top}, sys.stdout)

"""Fetches one URL. urllib follows $HTTP_PROXY, which points at skillbox's egress proxy: the proxy
resolves the name on the host, refuses hosts not in skill.yaml and private addresses the policy does
not allow, and records every decision in the audit log."""
import hashlib
import json
import sys
import urllib.error
import urllib.request

url = json.load(sys.stdin)["url"]
try:
    with urllib.request.urlopen(url, timeout=5) as response:
        body = response.read()
        print(json.dumps({"url": url, "status": response.status, "bytes": len(body),
                          "sha256": hashlib.sha256(body).hexdigest(), "text": body[:200].decode("utf-8", "replace")}))
except urllib.error.HTTPError as e:
    print(json.dumps({"url": url, "status": e.code, "refused": e.read().decode("utf-8", "replace").strip()}))
    sys.exit(1)

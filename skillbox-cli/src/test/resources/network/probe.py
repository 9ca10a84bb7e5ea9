"""Attacks the network from inside a sandbox: each step of params["steps"] is tried and its outcome
reported, never raised. The test on the host decides what each outcome must be."""
import base64
import json
import os
import socket
import sys
import urllib.error
import urllib.request


def http(url, headers=None, proxy=True):
    handlers = [] if proxy else [urllib.request.ProxyHandler({})]
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=5) as r:
            return {"status": r.status, "body": r.read().decode("utf-8", "replace"),
                    "headers": dict(r.headers.items())}
    except urllib.error.HTTPError as e:
        return {"status": e.code, "body": e.read().decode("utf-8", "replace"), "headers": dict(e.headers.items())}
    except Exception as e:  # noqa: BLE001 - every failure is an outcome
        return {"error": type(e).__name__ + ": " + str(e)}


def raw(host, port, data):
    try:
        with socket.create_connection((host, port), timeout=3) as s:
            s.sendall(data.encode())
            chunks = []
            while True:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
                if b"\r\n\r\n" in b"".join(chunks) and not data.startswith("CONNECT"):
                    break
                if data.startswith("CONNECT"):
                    break
            return {"reply": b"".join(chunks).decode("utf-8", "replace")}
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__ + ": " + str(e)}


def tunnel(proxy_port, target, request):
    try:
        with socket.create_connection(("127.0.0.1", proxy_port), timeout=3) as s:
            s.sendall(("CONNECT %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (target, target)).encode())
            head = s.recv(4096).decode("utf-8", "replace")
            if " 200 " not in head.split("\r\n")[0]:
                return {"connect": head.split("\r\n")[0]}
            s.sendall(request.encode())
            reply = s.recv(65536).decode("utf-8", "replace")
            return {"connect": head.split("\r\n")[0], "reply": reply}
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__ + ": " + str(e)}


def forge(token, change):
    head, payload, sig = token.split(".")
    if change == "alg-none":
        h = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=").decode()
        return h + "." + payload + "."
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["capabilities"] = claims["capabilities"] + ["demo/other"]
    p = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return head + "." + p + "." + sig


def step(s):
    kind = s["kind"]
    token = s.get("token", os.environ.get("SKILLBOX_TOKEN", ""))
    broker = os.environ.get("SKILLBOX_BROKER_URL", "http://127.0.0.1:8077")
    if kind == "get":
        return http(s["url"])
    if kind == "direct":
        return http(s["url"], proxy=False)
    if kind == "raw":
        return raw("127.0.0.1", s["port"], s["data"])
    if kind == "tunnel":
        return tunnel(s["port"], s["target"], s["request"])
    if kind == "broker":
        return http(broker + s["path"], {"Authorization": "Bearer " + token}, proxy=False)
    if kind == "forged":
        return http(broker + s["path"], {"Authorization": "Bearer " + forge(token, s["change"])}, proxy=False)
    if kind == "udp":
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
                u.sendto(b"skillbox-udp-probe", (s["host"], s["port"]))
            return {"sent": True}
        except Exception as e:  # noqa: BLE001
            return {"error": type(e).__name__ + ": " + str(e)}
    if kind == "dns":
        try:
            return {"addresses": sorted({a[4][0] for a in socket.getaddrinfo(s["name"], 80)})}
        except Exception as e:  # noqa: BLE001
            return {"error": type(e).__name__ + ": " + str(e)}
    if kind == "token":
        return {"token": token}
    if kind == "environment":
        return {"environ": open("/proc/self/environ", "rb").read().decode("utf-8", "replace")}
    return {"error": "unknown step " + kind}


params = json.load(sys.stdin)
print(json.dumps({"results": [step(s) for s in params["steps"]]}))

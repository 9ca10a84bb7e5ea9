"""A stand-in for a provider API on the host's loopback, for the network examples.

GET /forecast?city=X answers a made-up forecast, but only with the right key (X-Api-Key header);
any other path serves a short text page. Start: python3 examples/providers/demo_provider.py [PORT]
with DEMO_WEATHER_KEY set to the key the broker's policy injects.
"""
import http.server
import json
import os
import sys
import urllib.parse

KEY = os.environ.get("DEMO_WEATHER_KEY", "")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        if url.path == "/forecast":
            if not KEY or self.headers.get("X-Api-Key") != KEY:
                return self.answer(401, {"error": "missing or wrong API key"})
            city = urllib.parse.parse_qs(url.query).get("city", ["?"])[0]
            return self.answer(200, {"city": city, "sky": "clear", "celsius": 21})
        body = b"hello from the demo provider\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self, status, doc):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


port = int(sys.argv[1]) if len(sys.argv) > 1 else 18080
http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()

"""Calls the weather provider through skillbox's credential broker.

The sandbox holds a scoped token ($SKILLBOX_TOKEN), never the provider's key: the broker checks the
token, adds the key and forwards the call. Nothing else on the network is reachable.
"""
import json
import os
import sys
import urllib.parse
import urllib.request

params = json.load(sys.stdin)
url = (os.environ["SKILLBOX_BROKER_URL"] + "/v1/proxy/demo/weather/forecast?"
       + urllib.parse.urlencode({"city": params["city"]}))
request = urllib.request.Request(url, headers={"Authorization": "Bearer " + os.environ["SKILLBOX_TOKEN"]})
with urllib.request.urlopen(request, timeout=5) as response:
    forecast = json.load(response)
print(json.dumps({"city": params["city"], "forecast": forecast}))

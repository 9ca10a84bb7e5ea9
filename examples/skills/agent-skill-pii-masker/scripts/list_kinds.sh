#!/bin/sh
# Lists the kinds of personal data assets/patterns.json knows, one per line.
set -eu
here=$(dirname "$0")
sed -n 's/^ *"\([A-Z0-9_]*\)":.*/\1/p' "$here/../assets/patterns.json"

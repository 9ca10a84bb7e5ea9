#!/usr/bin/env bash
# Sets everything up, then runs a Python skill through the sandbox and prints its result.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
"$SKILLBOX_ROOT/scripts/setup.sh"
cd "$SKILLBOX_ROOT"
echo "\$ bin/skillbox run examples/skills/word-count --params '{\"text\": \"the quick brown fox jumps over the lazy dog and the end\"}'" >&2
exec bin/skillbox run examples/skills/word-count \
  --params '{"text": "the quick brown fox jumps over the lazy dog and the end"}'

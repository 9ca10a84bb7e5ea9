#!/usr/bin/env bash
# Sets everything up, then runs the whole test suite: unit tests, golden files, and the integration
# tests that attack real sandboxes (they need root and fail, not skip, when a tool is missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SKILLBOX_SKIP_BUILD=1 "$SKILLBOX_ROOT/scripts/setup.sh"
cd "$SKILLBOX_ROOT"
JAVA_HOME="$(find_jdk25)"
export JAVA_HOME
exec ./mvnw -B -ntp verify "$@"

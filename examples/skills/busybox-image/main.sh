#!/bin/sh
# Runs on the image's root filesystem: busybox and an os-release, no Python, nothing of the host's /usr.
params=$(cat)
. /etc/os-release
if command -v python3 >/dev/null 2>&1; then python=present; else python=absent; fi
printf '{"os": "%s", "python3": "%s", "kernel": "%s", "params_bytes": %s}\n' \
  "$PRETTY_NAME" "$python" "$(uname -r)" "${#params}"

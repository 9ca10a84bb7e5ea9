#!/bin/sh
# The params document arrives on stdin; skillbox already checked that it is JSON.
params=$(cat)
printf '{"greeting": "hello from %s", "uid": %s, "cwd": "%s", "received": %s}\n' \
  "$(cat /etc/hostname)" "$(id -u)" "$(pwd)" "${params:-null}"

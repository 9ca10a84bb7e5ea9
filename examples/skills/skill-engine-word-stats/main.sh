#!/bin/sh
# Word statistics of /data/sample.txt (the bundle's data/, read-only) as JSON on stdout; a one-line summary is
# left in /workdir/out (the scratch, /work) and comes back as an artifact. Only busybox's applets are used.
set -eu
file=/data/sample.txt
lines=$(busybox wc -l < "$file")
words=$(busybox wc -w < "$file")
top=$(busybox tr -cs 'A-Za-z' '\n' < "$file" | busybox tr 'A-Z' 'a-z' | busybox grep -v '^$' | busybox sort \
  | busybox uniq -c | busybox sort -k1,1nr -k2,2 | busybox head -n "${TOP:-3}" \
  | busybox awk '{ printf "%s{\"word\": \"%s\", \"count\": %d}", (NR > 1 ? ", " : ""), $2, $1 }')
busybox mkdir -p /workdir/out
printf '%s lines, %s words\n' "$lines" "$words" > /workdir/out/summary.txt
printf '{"lines": %d, "words": %d, "top": [%s]}\n' "$lines" "$words" "$top"

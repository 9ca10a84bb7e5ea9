# Shared by the scripts: locate the repo and a JDK 25, quietly and idempotently.
# shellcheck shell=bash
SKILLBOX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Prints the path of a JDK whose version is 25 or later: $JAVA_HOME if it qualifies, else the newest
# under /usr/lib/jvm. The machine's default java (17 on Debian 12) is never used by accident.
find_jdk25() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    version="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

die() { echo "skillbox setup: $*" >&2; exit 1; }

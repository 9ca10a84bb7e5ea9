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
    # The JDK's release file names its version without starting a JVM (that would cost 0.2 s per call).
    version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$candidate/release" 2>/dev/null)"
    if [ -z "$version" ]; then
      version="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
    fi
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

die() { echo "skillbox setup: $*" >&2; exit 1; }

# JVM flags of bin/skillbox. A CLI run lives well under a second, so start-up dominates: serial GC and
# the C1 JIT only. JVM log lines go to stderr, never into the skill's result on stdout. The AOT cache
# (built by scripts/setup.sh from a training run) must be recorded and used with the same flags.
SKILLBOX_JVM_FLAGS=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xlog:disable -Xlog:all=warning:stderr
  --enable-native-access=ALL-UNNAMED)
# `skillbox bench` measures the Java API as a long-lived JVM embedding skillbox runs it: with the full tiered JIT
# (C1 alone leaves the run path ~3 ms slower per run), and without the CLI's AOT cache, which holds C1's profile.
# Its cli variant still starts bin/skillbox run with the flags above.
SKILLBOX_BENCH_JVM_FLAGS=(-XX:+UseSerialGC -Xss512k -Xlog:disable -Xlog:all=warning:stderr
  --enable-native-access=ALL-UNNAMED)
SKILLBOX_JAR="$SKILLBOX_ROOT/skillbox-cli/target/skillbox.jar"
SKILLBOX_AOT="$SKILLBOX_ROOT/skillbox-cli/target/skillbox.aot"

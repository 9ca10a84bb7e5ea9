#!/usr/bin/env bash
# Installs what skillbox needs and builds it. Idempotent and quiet: safe to run again and again.
#   - Debian packages: bubblewrap (the sandbox), libseccomp2 (seccomp filters), python3 (example skills),
#     runc and runsc (the container and gVisor tiers; runsc from Debian 13, see below), busybox-static (test images),
#     golang-github-opencontainers-specs-dev (the OCI runtime-spec schema the tests validate against),
#     maven (only to generate the Maven Wrapper script the first time)
#   - a JDK 25 (Temurin under /usr/lib/jvm is expected; the default java may stay 17)
#   - ./mvnw (Maven Wrapper, generated, not committed) and the CLI jar used by bin/skillbox
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SKILLBOX_ROOT"

[ "$(id -u)" -eq 0 ] || die "run as root (sudo $0): installing packages and running sandboxes need it"

need_pkgs=()
command -v bwrap >/dev/null 2>&1 || need_pkgs+=(bubblewrap)
[ -e /usr/lib/x86_64-linux-gnu/libseccomp.so.2 ] || [ -e /usr/lib/aarch64-linux-gnu/libseccomp.so.2 ] \
  || need_pkgs+=(libseccomp2)
[ -x /usr/bin/python3 ] || need_pkgs+=(python3)
command -v runc >/dev/null 2>&1 || need_pkgs+=(runc)
[ -x /bin/busybox ] || need_pkgs+=(busybox-static)
[ -d /usr/share/gocode/src/github.com/opencontainers/runtime-spec/schema ] \
  || need_pkgs+=(golang-github-opencontainers-specs-dev)
command -v mvn >/dev/null 2>&1 || [ -x ./mvnw ] || need_pkgs+=(maven)
if [ "${#need_pkgs[@]}" -gt 0 ]; then
  echo "skillbox setup: installing ${need_pkgs[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

# gVisor's served networks (broker, allowlist) need a runsc whose Sentry becomes root in the container's user
# namespace (`boot --sync-userns-fd`, gVisor 2023+). Debian 12 ships 2022-12; Debian 13's package is a static
# binary with no dependencies, fetched from Debian's archive through a private package list (the system's apt
# sources stay as they are). docs/RUNTIMES.md, "gVisor".
if ! runsc help boot 2>/dev/null | grep -q -- '-sync-userns-fd'; then
  echo "skillbox setup: installing gVisor (runsc) from Debian 13" >&2
  apt_dir="$(mktemp -d)"
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  echo "deb http://deb.debian.org/debian trixie main" >"$apt_dir/sources.list"
  apt_opts=(-o Dir::Etc::sourcelist="$apt_dir/sources.list" -o Dir::Etc::sourceparts=- \
            -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" -o APT::Sandbox::User=root)
  apt-get -qq "${apt_opts[@]}" update >/dev/null
  (cd "$apt_dir" && apt-get -qq "${apt_opts[@]}" download runsc >/dev/null)
  dpkg -i "$apt_dir"/runsc_*.deb >/dev/null
  rm -rf "$apt_dir"
  runsc help boot 2>/dev/null | grep -q -- '-sync-userns-fd' || die "the installed runsc has no boot --sync-userns-fd"
fi

JAVA_HOME="$(find_jdk25)" || die "no JDK 25 found (looked at \$JAVA_HOME and /usr/lib/jvm); install Temurin 25"
export JAVA_HOME

if [ ! -x ./mvnw ]; then
  wrapper_version="$(sed -n 's/^wrapperVersion=//p' .mvn/wrapper/maven-wrapper.properties)"
  maven_version="$(sed -n 's#^distributionUrl=.*/apache-maven-\([0-9.]*\)-bin.zip#\1#p' .mvn/wrapper/maven-wrapper.properties)"
  echo "skillbox setup: generating the Maven Wrapper (Maven $maven_version)" >&2
  log="$(mktemp)"
  mvn -q -B -N "org.apache.maven.plugins:maven-wrapper-plugin:${wrapper_version}:wrapper" \
    -Dtype=only-script -Dmaven="$maven_version" >"$log" 2>&1 || { cat "$log" >&2; die "generating ./mvnw failed"; }
  rm -f "$log"
fi

if [ "${SKILLBOX_SKIP_BUILD:-}" != 1 ]; then
  newest_source="$(find pom.xml schemas */pom.xml */src/main -newer "$SKILLBOX_JAR" -print -quit 2>/dev/null || true)"
  if [ ! -f "$SKILLBOX_JAR" ] || [ -n "$newest_source" ]; then
    echo "skillbox setup: building skillbox" >&2
    ./mvnw -q -B -DskipTests -DskipITs install >/dev/null
  fi
  # An ahead-of-time cache of the CLI's classes, recorded from one real run, halves its start-up.
  # It is optional: bin/skillbox uses it only while it is newer than the jar.
  if [ ! -f "$SKILLBOX_AOT" ] || [ "$SKILLBOX_JAR" -nt "$SKILLBOX_AOT" ]; then
    echo "skillbox setup: recording the CLI's start-up cache" >&2
    rm -f "$SKILLBOX_AOT"
    "$JAVA_HOME/bin/java" "${SKILLBOX_JVM_FLAGS[@]}" -XX:AOTCacheOutput="$SKILLBOX_AOT" -jar "$SKILLBOX_JAR" \
      run examples/skills/hello-shell --params '{}' --artifacts "$(mktemp -d)" >/dev/null 2>&1 \
      || { rm -f "$SKILLBOX_AOT"; echo "skillbox setup: no start-up cache (the training run failed); the CLI works without it" >&2; }
  fi
fi

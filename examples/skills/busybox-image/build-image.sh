#!/usr/bin/env bash
# Builds this skill's image, ./image.tar (a tar of an OCI image layout), from the host's static busybox
# (apt-get install busybox-static). Nothing is fetched; the same busybox gives the same digests.
# With an argument, writes the image there instead: the image an operator maps a reference to in the policy's
# images (skill-engine-word-stats, skill-engine-unit-converter and skill-engine-pii-masker name it
# skillbox/busybox-demo:1).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/image.tar}"
busybox=/bin/busybox
[[ -x $busybox ]] || { echo "build-image.sh: $busybox is missing; apt-get install busybox-static" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/root/bin" "$work/root/etc"
cp "$busybox" "$work/root/bin/busybox"
for applet in sh cat ls printf uname wc; do ln -s busybox "$work/root/bin/$applet"; done
printf 'NAME=skillbox-busybox\nPRETTY_NAME="skillbox busybox demo image"\n' > "$work/root/etc/os-release"
chmod -R u=rwX,go=rX "$work/root"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/root" -cf "$work/layer.tar" bin etc

layout="$work/layout"
mkdir -p "$layout/blobs/sha256"
blob() { # FILE -> prints "sha256:<hex> <size>" and stores the file as a blob
  local hex; hex=$(sha256sum "$1" | cut -d' ' -f1)
  cp "$1" "$layout/blobs/sha256/$hex"
  echo "sha256:$hex $(stat -c %s "$1")"
}
read -r layer layer_size < <(blob "$work/layer.tar")
printf '{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/bin"],"WorkingDir":"/"},"rootfs":{"type":"layers","diff_ids":["%s"]}}' \
  "$layer" > "$work/config.json"
read -r config config_size < <(blob "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" > "$work/manifest.json"
read -r manifest manifest_size < <(blob "$work/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s}]}' \
  "$manifest" "$manifest_size" > "$layout/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$layout" -cf "$out" oci-layout index.json blobs
chmod 0644 "$out"
echo "built $out ($manifest)" >&2

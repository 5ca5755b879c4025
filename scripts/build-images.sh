#!/usr/bin/env bash
# Builds both service images from services/Dockerfile, unchanged, with the repository root as context:
#   - with docker, when a docker engine answers (`docker info`): FROM node:24-slim, into docker's image store;
#   - else with buildah (--isolation chroot, so no container runtime is needed), FROM the local stand-in for
#     node:24-slim that scripts/images/node-base.sh builds (cached), into .tools/containers (scripts/images/buildah.sh).
# Layers are cached by either builder, so an unchanged image is not rebuilt. Prints one line per image:
# `<service> <image reference>`.
# Usage: scripts/build-images.sh [--tag TAG] [--builder docker|buildah]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tag=latest
builder=
while [ "$#" -gt 0 ]; do
  case "$1" in
    --tag) tag=${2:?--tag needs a value}; shift 2 ;;
    --builder) builder=${2:?--builder needs docker or buildah}; shift 2 ;;
    *) echo "usage: $0 [--tag TAG] [--builder docker|buildah]" >&2; exit 2 ;;
  esac
done

docker_answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

if [ -n "$builder" ]; then
  [ "$builder" != docker ] || docker_answers || { echo "error: --builder docker, but no docker engine answers ('docker info' fails): start docker" >&2; exit 1; }
elif docker_answers; then
  builder=docker
else
  if command -v buildah >/dev/null 2>&1; then
    builder=buildah
  else
    {
      echo "error: no image builder: neither a docker engine answers ('docker info') nor is buildah installed. Install one:"
      echo "  docker:  https://docs.docker.com/get-docker/ (and start it)"
      echo "  buildah: apt-get install buildah debootstrap (Debian/Ubuntu; builds without a docker engine, as root)"
    } >&2
    exit 127
  fi
fi

case "$builder" in
  docker)
    build() { docker build -f services/Dockerfile --build-arg "SERVICE=$1" -t "$2" . >&2; }
    ;;
  buildah)
    base=$("$root/scripts/images/node-base.sh")
    # The builder's default open-files limit is above what this machine allows a process: ask for the hard limit.
    nofile=$(ulimit -Hn)
    [ "$nofile" != unlimited ] || nofile=1048576
    build() {
      "$root/scripts/images/buildah.sh" bud --isolation chroot --layers --ulimit "nofile=$nofile:$nofile" \
        -f services/Dockerfile --build-arg "NODE_IMAGE=$base" --build-arg "SERVICE=$1" -t "$2" . >&2
    }
    ;;
  *) echo "error: --builder is docker or buildah, got '$builder'" >&2; exit 2 ;;
esac

cd "$root"
for service in log-service echo-service; do
  image="$service-with-otel:$tag"
  echo "build-images: $service → $image ($builder)" >&2
  build "$service" "$image"
  echo "$service $image"
done

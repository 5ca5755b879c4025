#!/usr/bin/env bash
# Checks that each named tool is on PATH, and for docker that its engine answers too (a docker CLI without a running
# engine would pass a PATH check and fail later, in the middle of a build). Prints one line per problem, every
# problem at once, each naming the tool and where to get it, and exits 127 (command not found) if there was any.
# Used by the Makefile before any target that needs docker, k3d, helm or kubectl, and by `make doctor`.
# Usage: scripts/require-tool.sh TOOL [TOOL...]
set -euo pipefail

where_to_get() {
  case "$1" in
    docker) echo "https://docs.docker.com/get-docker/" ;;
    k3d) echo "https://k3d.io/stable/#installation" ;;
    helm) echo "https://helm.sh/docs/intro/install/ (or 'make tools' builds it into .tools/bin)" ;;
    kubectl) echo "https://kubernetes.io/docs/tasks/tools/" ;;
    buildah) echo "apt-get install buildah (Debian/Ubuntu) or your package manager" ;;
    *) echo "your package manager" ;;
  esac
}

problems=0
for tool in "$@"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: '$tool' is not installed (not found on PATH); get it from $(where_to_get "$tool")" >&2
    problems=$((problems + 1))
  elif [ "$tool" = docker ] && ! answer=$(docker info 2>&1 >/dev/null); then
    first_line=$(printf '%s\n' "$answer" | grep -m 1 . || true)
    echo "error: 'docker' is installed but its engine does not answer ('docker info': ${first_line:-no answer}); start it (Docker Desktop, or 'sudo systemctl start docker')" >&2
    problems=$((problems + 1))
  fi
done
[ "$problems" -eq 0 ] || exit 127

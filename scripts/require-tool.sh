#!/usr/bin/env bash
# Checks that each named tool is on PATH. For the first one missing, prints one line naming it and where to get
# it, and exits 127 (command not found). Used by the Makefile before any target that needs docker, k3d, helm or
# kubectl.
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

for tool in "$@"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: '$tool' is not installed (not found on PATH); get it from $(where_to_get "$tool")" >&2
    exit 127
  fi
done

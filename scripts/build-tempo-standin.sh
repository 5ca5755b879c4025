#!/usr/bin/env bash
# Builds the Tempo STAND-IN (e2e/tempo-standin, our own program, not Grafana Tempo) into .tools/bin/tempo-standin.
# Real Tempo cannot be built here (its Go module is refused by the module proxy; AGPL, on the not-to-use list), so the
# end-to-end suite and `make demo` use this stand-in: it receives OTLP/gRPC and serves Tempo's HTTP query API shapes.
# Cached: skips the build when the binary is newer than every source file. Runs the stand-in's Go tests before a build.
# Usage: scripts/build-tempo-standin.sh [--force]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/e2e/tempo-standin"
out="$root/.tools/bin/tempo-standin"

if [ "${1:-}" != "--force" ] && [ -x "$out" ] &&
   [ -z "$(find "$src" -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' \) -newer "$out" -print -quit)" ]; then
  exit 0
fi

command -v go >/dev/null 2>&1 || {
  echo "error: 'go' is required to build the Tempo stand-in: install Go >= 1.26 from https://go.dev/dl/" >&2
  exit 1
}

mkdir -p "$(dirname "$out")"
echo "provision: testing and building the Tempo stand-in into .tools/bin/tempo-standin" >&2
cd "$src"
go vet ./... >&2
go test ./... >&2
go build -trimpath -buildvcs=false -o "$out.tmp" .
mv "$out.tmp" "$out"

#!/usr/bin/env bash
# Builds the Tempo STAND-IN (tools/tempo-standin, our own program, not Grafana Tempo) into .tools/bin/tempo-standin.
# Grafana Tempo is AGPL-licensed and kept out of this project's dependencies (its Go module is also refused by the
# module proxy here), so the end-to-end suite and `make demo` use this stand-in: it receives OTLP/gRPC and answers
# Tempo 2.10.8's HTTP query API. Cached: skips the build when the binary is newer than every source file.
# Its Go tests (go vet, go test) run on every `make test`, in test/tools/tempo-standin-go.test.ts, not here.
# Usage: scripts/build-tempo-standin.sh [--force]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/tools/tempo-standin"
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
echo "provision: building the Tempo stand-in into .tools/bin/tempo-standin" >&2
cd "$src"
go build -trimpath -buildvcs=false -o "$out.tmp" .
mv "$out.tmp" "$out"

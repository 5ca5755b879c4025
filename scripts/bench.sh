#!/usr/bin/env bash
# make bench: measure what tracing costs log-service and echo-service (tracing off, this project's setup, the
# tutorial's), writing docs/benchmarks.md and docs/benchmarks.json. Needs `make tools build-ts` first (make bench
# does that). Arguments go to the harness: --rounds N, --smoke (a few seconds, figures meaningless), --out DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx bench/main.ts "$@"

#!/usr/bin/env bash
# Lints a chart with `helm lint --strict`, where every warning is an error.
# A dependency not yet downloaded into CHART/charts/ (by `make deps`) is itself a strict-lint failure, and the
# dependency repositories cannot be reached everywhere (CI here cannot). In that case this script says which
# dependencies are missing and lints a temporary copy of the chart with its `dependencies:` block removed, so
# every other warning still fails the lint. With all dependencies present it lints the chart itself.
# Usage: scripts/lint-chart.sh CHART_DIR [helm lint flags...]
set -euo pipefail

chart=${1:?usage: scripts/lint-chart.sh CHART_DIR [helm lint flags...]}
shift
if [ ! -f "$chart/Chart.yaml" ]; then
  echo "error: no chart at $chart (no Chart.yaml); run 'make synth'" >&2
  exit 1
fi

# `helm dependency list` prints NAME VERSION REPOSITORY STATUS; STATUS is "ok" once the archive is in charts/.
missing=$(helm dependency list "$chart" 2>/dev/null | awk 'NR > 1 && NF >= 4 && $NF != "ok" { print $1 }' | paste -sd, -)

if [ -z "$missing" ]; then
  exec helm lint --strict "$chart" "$@"
fi

echo "lint: dependencies not downloaded into $chart/charts/: $missing (run 'make deps' where their Helm repository is reachable); linting $chart strictly without them" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
copy=$("$(dirname "$0")/chart-without-deps.sh" "$chart" "$work")
helm lint --strict "$copy" "$@"

#!/usr/bin/env bash
# `make deps`: puts the chart's dependency charts into CHART/charts/. When every one is there already at the
# version Chart.yaml pins (`helm dependency list` says "ok" for each: downloaded earlier, or copied in by hand on a
# machine without network), nothing is downloaded, so this works offline; otherwise `helm dependency build`.
# Usage: scripts/chart-dependencies.sh CHART
set -euo pipefail
chart=${1:?usage: $0 CHART}

listed=$(helm dependency list "$chart")
# Columns: NAME VERSION REPOSITORY STATUS; the first line is the header.
not_ok=$(printf '%s\n' "$listed" | awk 'NR > 1 && NF >= 4 && $NF != "ok" { print $1 " (" $NF ")" }')
count=$(printf '%s\n' "$listed" | awk 'NR > 1 && NF >= 4 { n++ } END { print n + 0 }')
if [ "$count" -gt 0 ] && [ -z "$not_ok" ]; then
  echo "deps: all $count dependency charts are in $chart/charts at the versions Chart.yaml pins (helm dependency list): nothing to download"
  exit 0
fi
[ -z "$not_ok" ] || echo "deps: to download: $(printf '%s\n' "$not_ok" | paste -sd, - | sed 's/,/, /g')"
echo "helm dependency build $chart"
helm dependency build "$chart"

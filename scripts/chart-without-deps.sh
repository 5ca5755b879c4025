#!/usr/bin/env bash
# Copies a chart to DEST with its `dependencies:` block, charts/ folder and Chart.lock removed, for linting and
# rendering where the dependency repositories cannot be reached. The copy keeps the chart's directory name.
# Prints the path of the copy.
# Usage: scripts/chart-without-deps.sh CHART_DIR DEST_DIR
set -euo pipefail

chart=${1:?usage: scripts/chart-without-deps.sh CHART_DIR DEST_DIR}
dest=${2:?usage: scripts/chart-without-deps.sh CHART_DIR DEST_DIR}

copy="$dest/$(basename "$chart")"
mkdir -p "$dest"
rm -rf "$copy"
cp -R "$chart" "$copy"
rm -rf "$copy/charts" "$copy/Chart.lock"
# Drop the top-level `dependencies:` key and its block (the indented or `-` lines under it).
awk '/^dependencies:/ { skip = 1; next } skip && /^[^[:space:]-]/ { skip = 0 } !skip' "$chart/Chart.yaml" >"$copy/Chart.yaml"
echo "$copy"

#!/usr/bin/env bash
# `make doctor`: checks, before `make up`, everything the k3d path needs of this machine, and reports every problem
# at once: docker with an engine that answers, k3d 5 or later, kubectl, helm 3.8 or later (or 4), and where the
# chart's dependency charts will come from. Exits 1 if anything `make up` needs is missing.
# Usage: scripts/doctor.sh CHART
set -euo pipefail
chart=${1:?usage: $0 CHART}
root=$(cd "$(dirname "$0")/.." && pwd)

failed=0
ok() { echo "doctor: ok    $*"; }
fail() { echo "doctor: FAIL  $*"; failed=1; }

# Every missing tool at once, each with where to get it (require-tool.sh prints them).
tools_report=$(mktemp)
trap 'rm -f "$tools_report"' EXIT
if "$root/scripts/require-tool.sh" docker k3d kubectl helm 2>"$tools_report"; then
  ok "docker (its engine answers), k3d, kubectl and helm are installed"
else
  while IFS= read -r line; do fail "${line#error: }"; done <"$tools_report"
fi

# major.minor of the first vX.Y in a command's output, or empty.
version_of() { "$@" 2>/dev/null | grep -oE 'v[0-9]+\.[0-9]+' | head -n 1 | tr -d v || true; }
at_least() { # at_least ACTUAL MAJOR MINOR
  local major=${1%%.*} minor=${1#*.}
  [ "$major" -gt "$2" ] || { [ "$major" -eq "$2" ] && [ "$minor" -ge "$3" ]; }
}
if command -v k3d >/dev/null 2>&1; then
  version=$(version_of k3d version)
  if [ -z "$version" ]; then fail "k3d: 'k3d version' names no version; k3d 5 or later is needed"
  elif at_least "$version" 5 0; then ok "k3d $version"
  else fail "k3d $version is too old: k3d 5 or later is needed (https://k3d.io/stable/#installation)"; fi
fi
if command -v helm >/dev/null 2>&1; then
  version=$(version_of helm version --template '{{ .Version }}')
  if [ -z "$version" ]; then fail "helm: 'helm version' names no version; helm 3.8 or later is needed"
  elif at_least "$version" 3 8; then ok "helm $version"
  else fail "helm $version is too old: helm 3.8 or later (or 4) is needed (https://helm.sh/docs/intro/install/)"; fi

  # Where the dependency charts come from: already in charts/ (works offline), else downloaded by `make deps`.
  listed=$(helm dependency list "$chart" 2>/dev/null || true)
  missing=$(printf '%s\n' "$listed" | awk 'NR > 1 && NF >= 4 && $NF != "ok" { print $1 }' | paste -sd' ' -)
  if [ -n "$listed" ] && [ -z "$missing" ]; then
    ok "the dependency charts are in $chart/charts at their pinned versions (no download needed)"
  else
    repositories=$(printf '%s\n' "$listed" | awk 'NR > 1 && NF >= 4 && $NF != "ok" { print $3 }' | sort -u | paste -sd' ' -)
    ok "make deps will download ${missing:-the dependency charts} from ${repositories:-the repositories in Chart.yaml} (offline: copy the archives into $chart/charts)"
  fi
fi

if [ "$failed" -ne 0 ]; then
  echo "doctor: fix the FAIL lines above, then run 'make up'"
  exit 1
fi
echo "doctor: ready for 'make up'"

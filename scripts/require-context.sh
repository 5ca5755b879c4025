#!/usr/bin/env bash
# Refuses to touch a cluster other than the lab's: passes when kubectl's current context is EXPECTED, or when
# ALLOW_CONTEXT=1 (then it warns); otherwise prints one line saying how to switch and exits 1.
# Helm uses the same kubeconfig and current context as kubectl.
# Usage: scripts/require-context.sh EXPECTED
set -euo pipefail

expected=${1:?usage: scripts/require-context.sh EXPECTED}
current=$(kubectl config current-context 2>/dev/null || true)

if [ "$current" = "$expected" ]; then
  exit 0
fi
if [ "${ALLOW_CONTEXT:-}" = 1 ]; then
  echo "warning: kube context is '${current:-<none>}', not '$expected'; using it because ALLOW_CONTEXT=1" >&2
  exit 0
fi
echo "error: kube context is '${current:-<none>}', not '$expected'; run 'make cluster' or 'kubectl config use-context $expected', or set ALLOW_CONTEXT=1 to use the current context" >&2
exit 1

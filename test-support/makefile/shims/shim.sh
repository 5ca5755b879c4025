#!/usr/bin/env bash
# Recording shim: stands in for docker, k3d, helm, kubectl or buildah (the sandbox links it under those names), so the
# Makefile can be tested where no docker engine or cluster exists. It appends one line to $SHIM_LOG per call:
# the tool name and each argument, separated by tabs. Behaviour the tests configure through the environment:
#   SHIM_K3D_CLUSTERS     space-separated names `k3d cluster list` reports (default: none)
#   SHIM_KUBECTL_CONTEXT  what `kubectl config current-context` prints (unset/empty: "not set", exit 1)
#   SHIM_FAIL             a call whose "tool arg1 arg2..." starts with this text exits 1 (e.g. "helm upgrade")
#   SHIM_BLOCK            a call starting with this text runs on like a port-forward: it sleeps
#                         SHIM_BLOCK_SECONDS (default 30) unless killed
#   SHIM_PRINT            a call starting with this text prints SHIM_PRINT_TEXT on stdout (e.g. helm test's logs);
#                         SHIM_PRINT_2 / SHIM_PRINT_TEXT_2 … _4 likewise, for more than one call
set -euo pipefail

tool=$(basename "$0")
: "${SHIM_LOG:?SHIM_LOG must name the file the shim appends its calls to}"
(IFS=$'\t'; printf '%s\n' "$tool${*:+$'\t'$*}") >>"$SHIM_LOG"

call="$tool $*"
if [ -n "${SHIM_FAIL:-}" ] && [[ "$call" == "$SHIM_FAIL"* ]]; then
  echo "$tool (shim): failing as configured by SHIM_FAIL='$SHIM_FAIL'" >&2
  exit 1
fi

if [ -n "${SHIM_BLOCK:-}" ] && [[ "$call" == "$SHIM_BLOCK"* ]]; then
  exec sleep "${SHIM_BLOCK_SECONDS:-30}"
fi

for suffix in "" _2 _3 _4; do
  prefix_var="SHIM_PRINT$suffix" text_var="SHIM_PRINT_TEXT$suffix"
  if [ -n "${!prefix_var:-}" ] && [[ "$call" == "${!prefix_var}"* ]]; then
    printf '%b\n' "${!text_var:-}"
  fi
done

case "$call" in
  "k3d cluster list"*)
    for name in ${SHIM_K3D_CLUSTERS:-}; do
      printf '%s   1/1       0/0      true\n' "$name"
    done
    ;;
  "kubectl config current-context")
    if [ -z "${SHIM_KUBECTL_CONTEXT:-}" ]; then
      echo "error: current-context is not set" >&2
      exit 1
    fi
    echo "$SHIM_KUBECTL_CONTEXT"
    ;;
esac

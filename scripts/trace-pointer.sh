#!/usr/bin/env bash
# The end of `make verify`: reads the trace check's output (helm test --logs) on stdin, finds the trace it checked
# (its first line names `x-trace-id <32 hex digits>`) and prints where to look at that trace yourself: the
# port-forward, a Grafana Explore link that opens it (when Grafana was installed) and Tempo's API.
# Usage: scripts/trace-pointer.sh NAMESPACE GRAFANA(0|1) DATASOURCE_UID GRAFANA_SERVICE < output
set -euo pipefail

namespace=${1:?usage: scripts/trace-pointer.sh NAMESPACE GRAFANA DATASOURCE_UID GRAFANA_SERVICE}
grafana=${2:?usage: scripts/trace-pointer.sh NAMESPACE GRAFANA DATASOURCE_UID GRAFANA_SERVICE}
uid=${3:?usage: scripts/trace-pointer.sh NAMESPACE GRAFANA DATASOURCE_UID GRAFANA_SERVICE}
grafana_service=${4:?usage: scripts/trace-pointer.sh NAMESPACE GRAFANA DATASOURCE_UID GRAFANA_SERVICE}

trace_id=$(grep -oE 'x-trace-id [0-9a-f]{32}' | tail -n 1 | cut -d' ' -f2 || true)
if [ -z "$trace_id" ]; then
  echo "verify: the trace check printed no trace id; its output above says what went wrong" >&2
  exit 0
fi

echo
echo "Look at trace $trace_id yourself: run 'make port-forward' in another terminal, then"
if [ "$grafana" = 1 ]; then
  # Explore's URL state (schemaVersion 1): one pane querying the Tempo datasource for this trace id. The trace id is
  # hex and the uid letters, digits, _ or -, so only the JSON punctuation around them needs encoding.
  panes="%7B%22trace%22%3A%7B%22datasource%22%3A%22${uid}%22%2C%22queries%22%3A%5B%7B%22refId%22%3A%22A%22%2C%22datasource%22%3A%7B%22type%22%3A%22tempo%22%2C%22uid%22%3A%22${uid}%22%7D%2C%22queryType%22%3A%22traceql%22%2C%22query%22%3A%22${trace_id}%22%7D%5D%2C%22range%22%3A%7B%22from%22%3A%22now-1h%22%2C%22to%22%3A%22now%22%7D%7D%7D"
  echo "  Grafana (user admin; password: kubectl -n $namespace get secret $grafana_service -o jsonpath='{.data.admin-password}' | base64 -d):"
  echo "    http://localhost:3000/explore?schemaVersion=1&orgId=1&panes=$panes"
fi
echo "  Tempo: curl -s http://localhost:3200/api/v2/traces/$trace_id"

#!/usr/bin/env bash
# `make demo`: the lab on one laptop, no cluster. Starts the Tempo stand-in (our own OTLP receiver that serves Tempo's
# query API; real Tempo cannot be built here) and both services on loopback, sends a few requests through
# trace-check (which prints each request's waterfall), prints the URLs to query, and stops everything on Ctrl-C.
#
# Ports (change them when one is taken): DEMO_LOG_PORT (8080), DEMO_ECHO_PORT (8081),
# DEMO_TEMPO_HTTP_PORT (3200), DEMO_TEMPO_GRPC_PORT (4317). DEMO_ONCE=1 stops after the waterfalls (used by tests).
# Needs: Node 24 and the stand-in in .tools (`make tools`), the services built (`make build-ts`); `make demo` does both.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$root/.tools/node/bin:$root/.tools/bin:$PATH"

log_port=${DEMO_LOG_PORT:-8080}
echo_port=${DEMO_ECHO_PORT:-8081}
tempo_http_port=${DEMO_TEMPO_HTTP_PORT:-3200}
tempo_grpc_port=${DEMO_TEMPO_GRPC_PORT:-4317}
once=${DEMO_ONCE:-0}

fail() { echo "demo: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "node is missing: run 'make tools' (installs Node 24 into .tools/)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 22 ] || fail "node $(node --version) is too old (the OpenTelemetry SDK needs >= 22.15): run 'make tools'"
command -v tempo-standin >/dev/null 2>&1 || fail "the Tempo stand-in is missing: run 'make tools' (builds .tools/bin/tempo-standin with Go)"
for service in log-service echo-service; do
  [ -f "$root/services/$service/dist/server.js" ] || fail "services/$service is not built: run 'make build-ts'"
done
for program in contract trace-check; do
  [ -d "$root/services/$program/dist" ] || fail "services/$program is not built: run 'make build-ts'"
done
# How a service starts (SERVICE_START_COMMAND in services/contract, as in the images and the tests).
read -r -a start_command <<<"$(node -p "require('$root/services/contract').SERVICE_START_COMMAND.join(' ')")"

port_free() { node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$1"; }
for pair in "DEMO_LOG_PORT:$log_port" "DEMO_ECHO_PORT:$echo_port" "DEMO_TEMPO_HTTP_PORT:$tempo_http_port" "DEMO_TEMPO_GRPC_PORT:$tempo_grpc_port"; do
  port_free "${pair#*:}" || fail "port ${pair#*:} on 127.0.0.1 is taken: choose another with ${pair%%:*}=<port> make demo"
done

logs=$(mktemp -d "${TMPDIR:-/tmp}/tracing-lab-demo.XXXXXX")
pids=()
stop_all() {
  trap - EXIT INT TERM
  if [ ${#pids[@]} -gt 0 ]; then
    echo
    echo "demo: stopping the services and the Tempo stand-in"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  echo "demo: stopped; logs are in $logs"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

otel_env=(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$tempo_grpc_port" OTEL_BSP_SCHEDULE_DELAY=500)

tempo-standin -grpc-listen "127.0.0.1:$tempo_grpc_port" -http-listen "127.0.0.1:$tempo_http_port" >"$logs/tempo-standin.log" 2>&1 &
pids+=($!)
(cd "$root/services/echo-service" &&
  exec env HOST=127.0.0.1 PORT="$echo_port" "${otel_env[@]}" "${start_command[@]}") >"$logs/echo-service.log" 2>&1 &
pids+=($!)
(cd "$root/services/log-service" &&
  exec env HOST=127.0.0.1 PORT="$log_port" ECHO_SERVICE_URL="http://127.0.0.1:$echo_port" "${otel_env[@]}" "${start_command[@]}") \
  >"$logs/log-service.log" 2>&1 &
pids+=($!)

wait_for() { node "$root/scripts/demo/wait-for-http.mjs" "$1" "$2" || { tail -n 20 "$logs/$2.log" >&2; exit 1; }; }
wait_for "http://127.0.0.1:$tempo_http_port/ready" tempo-standin
wait_for "http://127.0.0.1:$echo_port/healthz" echo-service
wait_for "http://127.0.0.1:$log_port/healthz" log-service
echo "demo: Tempo stand-in, echo-service and log-service are up (logs in $logs)"

status=0
for request in info logs info; do
  echo
  (cd "$root/services/trace-check" &&
    node dist/cli.js --request "$request" --timeout-seconds 30 \
      --log-service-url "http://127.0.0.1:$log_port" --tempo-url "http://127.0.0.1:$tempo_http_port") || status=1
done

tempo="http://127.0.0.1:$tempo_http_port"
cat <<URLS

Try it yourself (every answer carries the trace id in the x-trace-id header):
  curl -i http://127.0.0.1:$log_port/info
  curl -i -X POST http://127.0.0.1:$log_port/logs -H 'content-type: application/json' -d '{"level":"info","message":"hello"}'
Query the Tempo stand-in (Tempo's HTTP API, as Grafana does):
  $tempo/api/search?tags=service.name%3Dlog-service&limit=20
  $tempo/api/v2/traces/<trace id>
  $tempo/standin/stats   (stand-in only: spans and traces received)
One more request with its waterfall:
  (cd services/trace-check && node dist/cli.js --log-service-url http://127.0.0.1:$log_port --tempo-url $tempo)
URLS

if [ "$once" = 1 ]; then
  exit "$status"
fi
echo
echo "demo: running; press Ctrl-C to stop everything"
# Returns when a process exits on its own (or on Ctrl-C, through the trap).
wait -n "${pids[@]}" || true
fail "a process stopped unexpectedly; see the logs in $logs"

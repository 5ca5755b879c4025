#!/usr/bin/env bash
# `make demo`: the lab on one laptop, no cluster. Starts the Tempo stand-in (our own OTLP receiver that serves Tempo's
# query API; real Tempo cannot be built here) and both services on loopback, sends a few requests through
# trace-check (which prints each request's waterfall), prints the URLs to query, and stops everything on Ctrl-C.
#
# Ports (change them when one is taken): DEMO_LOG_PORT (8080), DEMO_ECHO_PORT (8081),
# DEMO_TEMPO_HTTP_PORT (3200), DEMO_TEMPO_GRPC_PORT (4317). DEMO_ONCE=1 stops after the waterfalls (used by tests).
# A process that stops (a service you killed, one that crashed) is reported and the rest keep running; Ctrl-C stops
# everything and exits 0, so `make demo` ends without an error.
# Needs: Node 24 in .tools and the services built (`make build-ts`), the stand-in (`make tempo-standin`); `make demo`
# does all three.
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
command -v tempo-standin >/dev/null 2>&1 || fail "the Tempo stand-in is missing: run 'make tempo-standin' (builds .tools/bin/tempo-standin with Go)"
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
declare -A process_name  # pid → tempo-standin, echo-service, log-service
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
# Ctrl-C is how the demo is meant to end: exit 0 after stopping everything, so make reports no error. (The terminal
# sends SIGINT to make as well, which waits for this script and then ends quietly.)
trap 'exit 0' INT
trap 'exit 143' TERM

# start NAME DIR COMMAND...: runs COMMAND from DIR in the background, output to $logs/NAME.log, remembered as NAME.
start() {
  local name=$1 dir=$2
  shift 2
  (cd "$dir" && exec "$@") >"$logs/$name.log" 2>&1 &
  pids+=($!)
  process_name[$!]=$name
}

# What stopping each process means for the rest of the lab, said when it happens.
consequence() {
  case "$1" in
    tempo-standin) echo "the services keep serving, but their spans have nowhere to go (dropped)" ;;
    echo-service) echo "log-service keeps serving and answers 502 (echo_unavailable): try curl or trace-check now" ;;
    log-service) echo "nothing answers on port $log_port any more" ;;
  esac
}

otel_env=(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$tempo_grpc_port" OTEL_BSP_SCHEDULE_DELAY=500)

start tempo-standin "$root" tempo-standin -grpc-listen "127.0.0.1:$tempo_grpc_port" -http-listen "127.0.0.1:$tempo_http_port"
start echo-service "$root/services/echo-service" env HOST=127.0.0.1 PORT="$echo_port" "${otel_env[@]}" "${start_command[@]}"
start log-service "$root/services/log-service" env HOST=127.0.0.1 PORT="$log_port" ECHO_SERVICE_URL="http://127.0.0.1:$echo_port" \
  "${otel_env[@]}" "${start_command[@]}"

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
for pid in "${pids[@]}"; do echo "demo: ${process_name[$pid]} is pid $pid (kill $pid stops it; the rest keeps running)"; done
echo "demo: running; press Ctrl-C to stop everything"
# Until Ctrl-C (the trap ends the script): each process that stops is named, with what that means, and the rest keep
# running. `wait -n` returns when one of them ends; `kill -0` tells which.
running=("${pids[@]}")
while [ ${#running[@]} -gt 0 ]; do
  exit_status=0
  wait -n "${running[@]}" || exit_status=$?
  still=()
  stopped=()
  for pid in "${running[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then still+=("$pid"); else stopped+=("$pid"); fi
  done
  for pid in "${stopped[@]}"; do
    name=${process_name[$pid]}
    how=stopped
    [ ${#stopped[@]} -gt 1 ] || how="stopped with exit status $exit_status"
    echo "demo: $name (pid $pid) $how; $(consequence "$name"). Its log: $logs/$name.log"
  done
  running=("${still[@]}")
done
echo "demo: every process has stopped; press Ctrl-C to end the demo"
# In the background and waited for, so that Ctrl-C reaches the trap at once.
sleep infinity &
wait $!

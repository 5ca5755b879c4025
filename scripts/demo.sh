#!/usr/bin/env bash
# `make demo`: the lab on one laptop, no cluster. Starts the Tempo stand-in (our own OTLP receiver that serves Tempo's
# query API; real Tempo cannot be built here) and both services on 127.0.0.1, sends a few requests through
# trace-check (which prints each request's waterfall, and writes it as a page), prints each request's trace id with
# how to look at it again, the URLs to query, and stops everything on Ctrl-C.
#
# Ports (change them when one is taken): DEMO_LOG_PORT (8080), DEMO_ECHO_PORT (8081),
# DEMO_TEMPO_HTTP_PORT (3200), DEMO_TEMPO_GRPC_PORT (4317). DEMO_ONCE=1 stops after the waterfalls (used by tests).
# Faults to break it with on purpose (docs/debugging.md), all off by default: DEMO_ECHO_LATENCY_MS (echo-service's
# FAULT_LATENCY_MS), DEMO_ECHO_ERROR_RATIO (its FAULT_ERROR_RATIO), DEMO_ECHO_DOWN=1 (echo-service not started),
# DEMO_DROP_TRACEPARENT=1 (log-service with OTEL_PROPAGATORS=none).
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
echo_latency_ms=${DEMO_ECHO_LATENCY_MS:-0}
echo_error_ratio=${DEMO_ECHO_ERROR_RATIO:-0}
echo_down=${DEMO_ECHO_DOWN:-0}
drop_traceparent=${DEMO_DROP_TRACEPARENT:-0}

fail() { echo "demo: $*" >&2; exit 1; }

for switch in "DEMO_ONCE:$once" "DEMO_ECHO_DOWN:$echo_down" "DEMO_DROP_TRACEPARENT:$drop_traceparent"; do
  case "${switch#*:}" in 0 | 1) ;; *) fail "${switch%%:*} must be 0 or 1, got '${switch#*:}'" ;; esac
done

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

tempo="http://127.0.0.1:$tempo_http_port"
# LOG_LEVEL=debug: a `request` line per request, with its trace_id, so `grep <trace id>` finds it in both logs.
otel_env=(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$tempo_grpc_port" OTEL_BSP_SCHEDULE_DELAY=500 LOG_LEVEL=debug)
echo_env=(FAULT_LATENCY_MS="$echo_latency_ms" FAULT_ERROR_RATIO="$echo_error_ratio")
log_env=()
[ "$drop_traceparent" = 0 ] || log_env+=(OTEL_PROPAGATORS=none)

faults=()
[ "$echo_latency_ms" = 0 ] || faults+=("echo-service answers after $echo_latency_ms ms (DEMO_ECHO_LATENCY_MS, its FAULT_LATENCY_MS)")
[ "$echo_error_ratio" = 0 ] || faults+=("echo-service fails a share $echo_error_ratio of its answers (DEMO_ECHO_ERROR_RATIO, its FAULT_ERROR_RATIO)")
[ "$echo_down" = 0 ] || faults+=("echo-service is not started (DEMO_ECHO_DOWN=1)")
[ "$drop_traceparent" = 0 ] || faults+=("log-service sends no traceparent (DEMO_DROP_TRACEPARENT=1, its OTEL_PROPAGATORS=none)")
for fault in "${faults[@]}"; do echo "demo: fault on: $fault"; done

start tempo-standin "$root" tempo-standin -grpc-listen "127.0.0.1:$tempo_grpc_port" -http-listen "127.0.0.1:$tempo_http_port"
if [ "$echo_down" = 0 ]; then
  start echo-service "$root/services/echo-service" env HOST=127.0.0.1 PORT="$echo_port" "${otel_env[@]}" "${echo_env[@]}" "${start_command[@]}"
fi
start log-service "$root/services/log-service" env HOST=127.0.0.1 PORT="$log_port" ECHO_SERVICE_URL="http://127.0.0.1:$echo_port" \
  "${otel_env[@]}" "${log_env[@]}" "${start_command[@]}"

wait_for() { node "$root/scripts/demo/wait-for-http.mjs" "$1" "$2" || { tail -n 20 "$logs/$2.log" >&2; exit 1; }; }
wait_for "$tempo/ready" tempo-standin
[ "$echo_down" = 1 ] || wait_for "http://127.0.0.1:$echo_port/healthz" echo-service
wait_for "http://127.0.0.1:$log_port/healthz" log-service
echo "demo: the Tempo stand-in and the services are up on 127.0.0.1 (logs in $logs)"

trace_check=(node dist/cli.js --log-service-url "http://127.0.0.1:$log_port" --tempo-url "$tempo")
status=0
number=0
for request in info logs info; do
  number=$((number + 1))
  page="$logs/waterfall-$number-$request.html"
  echo
  (cd "$root/services/trace-check" && "${trace_check[@]}" --request "$request" --timeout-seconds 30 --html "$page") |
    tee "$logs/trace-check-$number.txt" || status=1
  trace_id=$(sed -n 's/.*x-trace-id \([0-9a-f]\{32\}\).*/\1/p' "$logs/trace-check-$number.txt" | head -n 1)
  if [ -n "$trace_id" ]; then
    echo "demo: request $number's trace is $trace_id:"
    echo "  its waterfall as a page: $page"
    echo "  its log lines:           grep $trace_id $logs/*.log"
    echo "  read it again:           (cd services/trace-check && node dist/cli.js --tempo-url $tempo --trace-id $trace_id --verbose)"
  fi
done
[ "$status" = 0 ] || [ ${#faults[@]} = 0 ] || echo "demo: trace-check failed, as the faults on make it: docs/debugging.md tells what each shows"

cat <<URLS

Try it yourself (every answer carries the trace id in the x-trace-id header):
  curl -i http://127.0.0.1:$log_port/info
  curl -i -X POST http://127.0.0.1:$log_port/logs -H 'content-type: application/json' -d '{"level":"info","message":"hello"}'
Then that request's waterfall, its spans' attributes, and the same as a page:
  (cd services/trace-check && node dist/cli.js --tempo-url $tempo --trace-id <trace id> --verbose --html /tmp/trace.html)
Query the Tempo stand-in (Tempo's HTTP API, as Grafana does):
  $tempo/api/search?tags=service.name%3Dlog-service&limit=20
  $tempo/api/v2/traces/<trace id>
  $tempo/standin/stats   (stand-in only: spans and traces received)
One more request with its waterfall:
  (cd services/trace-check && node dist/cli.js --log-service-url http://127.0.0.1:$log_port --tempo-url $tempo)
Break it on purpose (docs/debugging.md): make demo DEMO_ECHO_LATENCY_MS=3000, DEMO_ECHO_ERROR_RATIO=0.5,
  DEMO_ECHO_DOWN=1 or DEMO_DROP_TRACEPARENT=1, or stop a service with kill <pid> (below).
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

#!/usr/bin/env bash
# Benchmarks the client service's load generator against a fast local target, next to wrk against the same
# target in the same run, and prints the figures (no pass/fail):
#
#   1. Closed loop, same number of connections: wrk -c N against the client with concurrency N, non-streaming
#      (one token) and streaming (16 tokens as server-sent events), rounds interleaved (wrk, client, wrk, ...).
#   2. Open loop: the client at rising Poisson request rates; a rate is sustained when the client completes
#      97% of it with no failures and sends 99% of requests within 10 ms of their schedule. The highest
#      sustained rate is set against wrk's closed-loop rate from part 1.
#
#   scripts/bench-client.sh             about 5 minutes; no root, no cluster needed
#
# The target is the inference simulator with zero delays (--ttft-ms 0 --itl-ms 0), started on a free port.
# The client is the packaged client service itself, with a throw-away H2 database, driven through its API as a
# user would, so its own overhead is all there: the JDK's HTTP client, parsing every answer, storing every
# request record, live meters. CPU time of the client and of wrk is read from /proc around each measurement.
# Knobs (environment):
#   BENCH_SECONDS=10          seconds per measurement
#   BENCH_CONNECTIONS=64      wrk's connections and the client's closed-loop concurrency
#   BENCH_ROUNDS=2            interleaved rounds per flavour in part 1
#   BENCH_RATES="1000 2000 3000 4000 5000 6000 8000"   open-loop rates tried in part 2, in order
#   BENCH_CLIENT_JAVA_OPTS="-Xmx1g"   the client's JVM options, e.g. "@deploy/jvm/client-service.options"
#   BENCH_KEEP=1              keep the temporary directory (logs, database) afterwards
# See docs/client.md for what the figures mean and results of earlier runs.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source-path=SCRIPTDIR source=lib/tokens.sh
. scripts/lib/tokens.sh

SECONDS_PER=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
ROUNDS=${BENCH_ROUNDS:-2}
RATES=${BENCH_RATES:-"1000 2000 3000 4000 5000 6000 8000"}
KEEP_TMP=${BENCH_KEEP:-0}
read -r -a CLIENT_JAVA_OPTS <<<"${BENCH_CLIENT_JAVA_OPTS:--Xmx1g}"

die() { echo "bench-client: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }
for tool in wrk java curl jq awk ss /usr/bin/time; do command -v "$tool" >/dev/null || die "$tool is missing (apt-get install $tool)"; done

jar_of() { compgen -G "$1/target/$1-*.jar" | grep -v -e '-plain' -e 'original-' | head -n 1 || true; }
client_jar=$(jar_of client-service)
simulator_jar=$(jar_of inference-simulator)
if [[ -z $client_jar || -z $simulator_jar ]]; then
  step "Building the client and the simulator"
  mvn -B -q -DskipTests install -pl common,inference-simulator,client-service
  client_jar=$(jar_of client-service)
  simulator_jar=$(jar_of inference-simulator)
fi
[[ -n $client_jar && -n $simulator_jar ]] || die "no jars after the build"

TMP=$(mktemp -d /tmp/hpc-bench-client.XXXXXX)
# Private copies: a build running meanwhile in the same tree must not rewrite a jar under a running JVM.
cp "$client_jar" "$TMP/client.jar"
cp "$simulator_jar" "$TMP/simulator.jar"
SIM_PID=""
CLIENT_PID=""

stop_pid() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.25; done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  stop_pid "$CLIENT_PID"
  stop_pid "$SIM_PID"
  if ((rc != 0)) || [[ $KEEP_TMP == 1 ]]; then
    echo "logs and database kept in $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  for p in $(shuf -i 20000-59999 -n 50); do
    [[ -z $(ss -Hltn "sport = :$p") ]] && { echo "$p"; return; }
  done
  die "no free port found"
}
wait_for() {
  local url=$1 pid=$2 log=$3
  for _ in $(seq 1 240); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; die "process $pid exited"; }
    sleep 0.25
  done
  tail -n 30 "$log" >&2
  die "$url did not answer"
}
# CPU seconds (user + system) a process and its threads have used so far.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$1/stat"; }

SIM_PORT=$(free_port)
TARGET=http://127.0.0.1:$SIM_PORT
step "Target: the simulator with zero delays on $TARGET"
java -Xmx512m -XX:+UseParallelGC -jar "$TMP/simulator.jar" --host 127.0.0.1 --port "$SIM_PORT" --ttft-ms 0 --itl-ms 0 \
  --max-num-seqs 100000 --model bench/model >"$TMP/simulator.log" 2>&1 &
SIM_PID=$!
wait_for "$TARGET/health" "$SIM_PID" "$TMP/simulator.log"

CLIENT_PORT=$(free_port)
CLIENT=http://127.0.0.1:$CLIENT_PORT
TOKEN=$(new_token)
AUTH="Authorization: Bearer $TOKEN"
step "Client: the packaged client service on $CLIENT (JVM options: ${CLIENT_JAVA_OPTS[*]})"
(
  cd "$TMP"
  HPC_TOKENS="bench user $TOKEN" HPC_DATA_DIR="$TMP/data" exec java "${CLIENT_JAVA_OPTS[@]}" -jar "$TMP/client.jar" --server.port="$CLIENT_PORT" \
    --hpc.client.server.url=http://127.0.0.1:9 >"$TMP/client.log" 2>&1
) &
CLIENT_PID=$!
wait_for "$CLIENT/actuator/health" "$CLIENT_PID" "$TMP/client.log"
echo "simulator pid $SIM_PID, client pid $CLIENT_PID, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Runs a benchmark through the client's API and prints its results JSON.
run_client() {
  local body=$1 id status
  id=$(curl -H "$AUTH" -fsS -X POST "$CLIENT/api/v1/benchmarks" -H 'Content-Type: application/json' -d "$body" | jq -r .id)
  [[ $id == bm-* ]] || die "the client refused the benchmark"
  for _ in $(seq 1 2400); do
    status=$(curl -H "$AUTH" -fsS "$CLIENT/api/v1/benchmarks/$id" | jq -r .status)
    [[ $status == PENDING || $status == RUNNING ]] || break
    sleep 0.25
  done
  [[ $status == COMPLETED ]] || die "benchmark $id ended $status"
  curl -H "$AUTH" -fsS "$CLIENT/api/v1/benchmarks/$id/results"
}

# wrk's request body, the same the client sends (modulo the prompt's words).
lua() {
  cat >"$TMP/$1.lua" <<EOF
wrk.method = "POST"
wrk.body = '{"model":"bench/model","prompt":"bench prompt","max_tokens":$2,"temperature":0.0,"ignore_eos":true,"stream":$3}'
wrk.headers["Content-Type"] = "application/json"
EOF
}
lua plain 1 false
lua stream 16 true

client_body() {
  # $1 output tokens, $2 stream, $3 load object, $4 stop object
  echo "{\"target\": {\"url\": \"$TARGET\", \"model\": \"bench/model\"}, \"stream\": $2, \"ignore_eos\": true,
    \"dataset\": {\"input_len\": 2, \"output_len\": $1}, \"load\": $3, \"stop\": $4, \"percentiles\": [50, 99]}"
}

# The JIT needs tens of thousands of requests before the client runs at its pace; the first 10 s run at a fraction.
step "Warming up the client's JVM (not counted)"
run_client "$(client_body 1 false "{\"concurrency\": $CONNECTIONS}" "{\"duration_seconds\": 30}")" |
  jq -r '"  \(.completed) requests, \(.request_throughput | floor) req/s"'
run_client "$(client_body 16 true "{\"concurrency\": $CONNECTIONS}" "{\"duration_seconds\": $SECONDS_PER}")" |
  jq -r '"  \(.completed) streamed requests, \(.request_throughput | floor) req/s"'

# ------------------------------------------------------- part 1: closed loop --

declare -A WRK_RATES CLIENT_RATES
step "Part 1: closed loop, $CONNECTIONS connections, ${SECONDS_PER} s each, $ROUNDS interleaved rounds per flavour"
printf '%-10s %5s %14s %16s %14s %16s\n' flavour round "wrk req/s" "wrk CPU ms/1k" "client req/s" "client CPU ms/1k"
for flavour in plain stream; do
  tokens=1 stream=false
  [[ $flavour == stream ]] && { tokens=16; stream=true; }
  for round in $(seq 1 "$ROUNDS"); do
    out=$TMP/wrk-$flavour-$round.txt
    /usr/bin/time -f '%U %S' -o "$TMP/wrk-time.txt" \
      wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER}s" --timeout 10s -s "$TMP/$flavour.lua" "$TARGET/v1/completions" >"$out"
    wrk_rate=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    wrk_requests=$(awk '/requests in/ { print $1 }' "$out")
    wrk_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$TMP/wrk-time.txt")
    grep -q 'Non-2xx' "$out" && echo "  warning: wrk saw non-2xx answers: $(grep Non-2xx "$out")"

    before=$(cpu_of "$CLIENT_PID")
    results=$(run_client "$(client_body "$tokens" "$stream" "{\"concurrency\": $CONNECTIONS}" "{\"duration_seconds\": $SECONDS_PER}")")
    after=$(cpu_of "$CLIENT_PID")
    client_rate=$(jq -r '.request_throughput | floor' <<<"$results")
    client_requests=$(jq -r '.completed + .failed' <<<"$results")
    (($(jq -r .failed <<<"$results") == 0)) || echo "  warning: the client saw failures: $(jq -c .errors <<<"$results")"
    printf '%-10s %5s %14s %16s %14s %16s\n' "$flavour" "$round" "$wrk_rate" \
      "$(awk -v c="$wrk_cpu" -v n="$wrk_requests" 'BEGIN { printf "%.0f", c * 1e6 / n }')" "$client_rate" \
      "$(awk -v a="$before" -v b="$after" -v n="$client_requests" 'BEGIN { printf "%.0f", (b - a) * 1e6 / n }')"
    WRK_RATES[$flavour]="${WRK_RATES[$flavour]:-} $wrk_rate"
    CLIENT_RATES[$flavour]="${CLIENT_RATES[$flavour]:-} $client_rate"
  done
done
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for flavour in plain stream; do
  w=$(median "${WRK_RATES[$flavour]}")
  c=$(median "${CLIENT_RATES[$flavour]}")
  printf '%-10s median: wrk %.0f req/s, client %.0f req/s, client/wrk = %.2f\n' "$flavour" "$w" "$c" "$(awk -v c="$c" -v w="$w" 'BEGIN { print c / w }')"
done

# --------------------------------------------------------- part 2: open loop --

step "Part 2: open loop (Poisson), ${SECONDS_PER} s per rate, non-streaming, one token"
printf '%8s %12s %8s %16s %16s %12s %10s\n' "rate" "completed/s" "failed" "send delay p50" "send delay p99" "max in flight" "sustained"
best=0
for rate in $RATES; do
  results=$(run_client "$(client_body 1 false "{\"request_rate\": $rate}" "{\"duration_seconds\": $SECONDS_PER, \"warmup_requests\": 100}")")
  read -r done_rate failed p50 p99 inflight < <(jq -r '"\(.request_throughput) \(.failed) \(.median_send_delay_ms) \(.p99_send_delay_ms) \(.max_concurrent_requests)"' <<<"$results")
  ok=$(awk -v r="$rate" -v d="$done_rate" -v f="$failed" -v p="$p99" 'BEGIN { print (d >= 0.97 * r && f == 0 && p <= 10) ? "yes" : "no" }')
  printf '%8s %12.0f %8s %13.2f ms %13.2f ms %12s %10s\n' "$rate" "$done_rate" "$failed" "$p50" "$p99" "$inflight" "$ok"
  [[ $ok == yes ]] && best=$rate
  [[ $ok == no ]] && break
done
w=$(median "${WRK_RATES[plain]}")
echo
echo "highest sustained open-loop rate: $best req/s; wrk's closed-loop rate against the same target: $w req/s; ratio $(awk -v b="$best" -v w="$w" 'BEGIN { printf "%.2f", b / w }')"
echo "load average now $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Benchmarks the inference gateway against the inference simulator it fronts and prints the figures (no
# pass/fail): throughput and latency of POST /v1/completions sent straight to the simulator's endpoint
# ("direct") and through the server's OpenAI-compatible gateway ("gateway"), non-streaming and streaming,
# measured with wrk side by side in one run, interleaved (direct, gateway, direct, gateway, ...).
#
#   scripts/bench-gateway.sh            run as root; takes about 5.5 minutes
#
# The server runs on a free port with the local transport, runtime none, a throw-away H2 database and a
# private recipes root holding a copy of recipes/inference/vllm-simulator.yaml; it deploys one simulator as a
# SLURM job on the dev cluster (TTFT 20 ms, ITL 2 ms, 16 output tokens with ignore_eos). Knobs (environment):
#   BENCH_DURATION=10        seconds per measured wrk run
#   BENCH_JIT_WARMUP=15      seconds of load through the gateway per mode before the cases (JIT warm-up)
#   BENCH_WARMUP=3           seconds of warm-up per target and case (not counted)
#   BENCH_ROUNDS=3           direct/gateway pairs per case
#   BENCH_CONNECTIONS="16 64"  wrk connections (2 threads each)
#   BENCH_TTFT_MS=20 BENCH_ITL_MS=2 BENCH_TOKENS=16   the simulator's timing and the answer length
#   BENCH_SERVER_JAVA_OPTS="" further JVM options for the server (e.g. -XX:StartFlightRecording=filename=/tmp/server.jfr)
#   BENCH_SERVER_JAR=...     a server jar to run instead of server-service/target/server-service-*.jar
#   BENCH_KEEP=1             keep the temporary directory (server log, wrk outputs) afterwards
# See docs/gateway.md ("Performance") for what the figures mean and results of earlier runs.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
# shellcheck source-path=SCRIPTDIR source=lib/bench-stats.sh
. "$REPO/scripts/lib/bench-stats.sh"
# shellcheck source-path=SCRIPTDIR source=lib/tokens.sh
. "$REPO/scripts/lib/tokens.sh"

DURATION=${BENCH_DURATION:-10}
WARMUP=${BENCH_WARMUP:-3}
JIT_WARMUP=${BENCH_JIT_WARMUP:-15}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-16 64}
TTFT_MS=${BENCH_TTFT_MS:-20}
ITL_MS=${BENCH_ITL_MS:-2}
TOKENS=${BENCH_TOKENS:-16}
THREADS=2
MODEL=bench/model
CLUSTER_ENV=/var/lib/hpc-dev-cluster/cluster.env
CLK_TCK=$(getconf CLK_TCK)

die() { echo "bench-gateway: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

[[ $(id -u) == 0 ]] || die "run as root (the dev cluster and installing wrk need it)"
for tool in curl jq java awk ss getconf; do command -v "$tool" >/dev/null || die "$tool is missing"; done
if ! command -v wrk >/dev/null; then
  step "Installing wrk (Debian package)"
  apt-get install -y -q wrk >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
command -v wrk >/dev/null || die "wrk could not be installed"

# ------------------------------------------------------------------ setup --

server_jar() { compgen -G 'server-service/target/server-service-*.jar' | grep -v -- '-plain' | head -n 1 || true; }
simulator_jar() { compgen -G 'inference-simulator/target/inference-simulator-*.jar' | head -n 1 || true; }
jar=${BENCH_SERVER_JAR:-$(server_jar)}
sim_jar=$(simulator_jar)
# Built when missing, or older than the sources (the recipe copied below must match the server's recipe model).
stale=""
if [[ -n $jar && -n $sim_jar && -z ${BENCH_SERVER_JAR:-} ]]; then
  stale=$(find server-service/src common/src inference-simulator/src recipes -newer "$jar" -type f -print -quit 2>/dev/null || true)
fi
if [[ -z $jar || -z $sim_jar || -n $stale ]]; then
  step "Building the simulator and the server${stale:+ ($stale is newer than the jar)}"
  mvn -B -q -DskipTests package -pl inference-simulator,server-service -am
  jar=${BENCH_SERVER_JAR:-$(server_jar)}
  sim_jar=$(simulator_jar)
  [[ -n $jar && -n $sim_jar ]] || die "no jars after the build"
fi

step "Local SLURM cluster"
scripts/dev-cluster.sh up
setting() { sed -n "s/^$1=//p" "$CLUSTER_ENV" | tail -n 1; }
WORK_DIR=$(setting HPC_WORK_DIR)
PARTITION=$(setting SLURM_PARTITION)
[[ -n $WORK_DIR && -n $PARTITION ]] || die "HPC_WORK_DIR or SLURM_PARTITION not found in $CLUSTER_ENV"

TMP=$(mktemp -d /tmp/hpc-bench-gateway.XXXXXX)
RUN_ID=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
# Private copies: a build running meanwhile in the same tree must not rewrite a jar under a running JVM. The
# simulator's copy lives on the cluster's shared work directory, where the job can read it.
cp "$jar" "$TMP/server.jar"
SIM_JAR_COPY=$WORK_DIR/bench-gateway-$RUN_ID-inference-simulator.jar
cp "$sim_jar" "$SIM_JAR_COPY"
chmod 644 "$SIM_JAR_COPY"
mkdir -p "$TMP/recipes/inference" "$TMP/db" "$TMP/wrk"
cp recipes/inference/vllm-simulator.yaml "$TMP/recipes/inference/"
SERVER_PID=""
SERVICE_ID=""
JOB_ID=""
KEEP_TMP=${BENCH_KEEP:-0}

cleanup() {
  local rc=$?
  set +e
  if [[ -n $SERVICE_ID ]] && [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    curl -sS -H "$AUTH" -o /dev/null --max-time 10 -X DELETE "$SERVER/api/v1/services/$SERVICE_ID"
  fi
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID"
  fi
  # The simulator's job, by its id, in case the server could not cancel it; nobody else's job is touched.
  if [[ -n $JOB_ID ]] && [[ -n $(squeue -h -j "$JOB_ID" -o %i 2>/dev/null) ]]; then
    scancel "$JOB_ID"
  fi
  rm -f "$SIM_JAR_COPY"
  if ((rc != 0)) || [[ $KEEP_TMP == 1 ]]; then
    echo "server log and wrk outputs kept in $TMP"
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
PORT=$(free_port)
SERVER=http://127.0.0.1:$PORT
# Every request through the server carries a token, as in real use (the check is part of the gateway's cost).
TOKEN=$(new_token)
AUTH="Authorization: Bearer $TOKEN"

step "Starting the server on $SERVER (local transport, runtime none)"
# Word splitting of the extra JVM options is intended.
# shellcheck disable=SC2206
java_opts=(-Xmx512m ${BENCH_SERVER_JAVA_OPTS:-})
(
  cd "$TMP"
  HPC_TOKENS="bench admin $TOKEN" HPC_DATABASE_URL="jdbc:h2:file:$TMP/db/server;WRITE_DELAY=0" \
    exec java "${java_opts[@]}" -jar "$TMP/server.jar" \
    --server.port="$PORT" \
    --hpc.cluster.transport=local \
    --hpc.cluster.runtime=none \
    --hpc.recipes.root="$TMP/recipes" \
    --hpc.cluster.paths.work-dir="$WORK_DIR" \
    --hpc.cluster.defaults.partition="$PARTITION" \
    >"$TMP/server.log" 2>&1
) &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -fsS "$SERVER/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$TMP/server.log" >&2; die "the server exited"; }
  sleep 0.5
done
curl -fsS "$SERVER/actuator/health/readiness" >/dev/null || { tail -n 30 "$TMP/server.log" >&2; die "the server did not start"; }
echo "server up (pid $SERVER_PID, run id $RUN_ID, temp dir $TMP)"

step "Deploying inference/vllm-simulator (TTFT $TTFT_MS ms, ITL $ITL_MS ms, $TOKENS tokens, max-num-seqs 256)"
deploy=$(jq -c -n --arg jar "$SIM_JAR_COPY" --arg model "$MODEL" --arg ttft "$TTFT_MS" --arg itl "$ITL_MS" \
  '{recipe_name: "inference/vllm-simulator",
    config: {environment: {SIMULATOR_JAR: $jar, SIMULATOR_MODEL: $model, SIMULATOR_TTFT_MS: $ttft,
                           SIMULATOR_ITL_MS: $itl, SIMULATOR_MAX_NUM_SEQS: "256"},
             resources: {cpu: 1}}}')
code=$(curl -sS -H "$AUTH" -o "$TMP/deploy.json" -w '%{http_code}' -X POST "$SERVER/api/v1/services" \
  -H 'Content-Type: application/json' -d "$deploy")
SERVICE_ID=$(jq -r '.id // empty' "$TMP/deploy.json" 2>/dev/null || true)
JOB_ID=$(jq -r '.job_id // empty' "$TMP/deploy.json" 2>/dev/null || true)
[[ $code == 201 && -n $SERVICE_ID ]] || die "POST /api/v1/services answered $code: $(head -c 400 "$TMP/deploy.json")"
echo "service $SERVICE_ID, job ${JOB_ID:-?}"
ENDPOINT=""
deadline=$((SECONDS + 120))
while ((SECONDS < deadline)); do
  curl -fsS -H "$AUTH" "$SERVER/api/v1/services/$SERVICE_ID" >"$TMP/service.json" || true
  status=$(jq -r '.status // empty' "$TMP/service.json" 2>/dev/null || true)
  JOB_ID=$(jq -r '.job_id // empty' "$TMP/service.json" 2>/dev/null || echo "$JOB_ID")
  case $status in
    RUNNING) ENDPOINT=$(jq -r '.endpoint // empty' "$TMP/service.json"); [[ -n $ENDPOINT ]] && break ;;
    FAILED | CANCELLED | COMPLETED) die "the simulator ended $status: $(jq -r '.reason // ""' "$TMP/service.json")" ;;
  esac
  sleep 1
done
[[ -n $ENDPOINT ]] || die "the simulator is not RUNNING after 120 s (status ${status:-?})"
echo "RUNNING at $ENDPOINT"
# The gateway re-reads the running services every second and asks each for its models.
deadline=$((SECONDS + 30))
until curl -fsS -H "$AUTH" "$SERVER/v1/models" 2>/dev/null | jq -e --arg m "$MODEL" 'any(.data[]; .id == $m)' >/dev/null; do
  ((SECONDS < deadline)) || die "the gateway does not list $MODEL"
  sleep 0.5
done
SIM_PORT=${ENDPOINT##*:}
SIM_PID=$(ss -Hltnp "sport = :$SIM_PORT" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)
[[ -n $SIM_PID ]] || die "no process listens on the simulator's port $SIM_PORT"
echo "simulator pid $SIM_PID, server pid $SERVER_PID"

# ------------------------------------------------------------ measuring --

# One wrk script per mode. done() prints the exact figures (microseconds) on one line for this script.
for mode in plain stream; do
  stream=false; [[ $mode == stream ]] && stream=true
  body=$(jq -c -n --arg m "$MODEL" --argjson n "$TOKENS" --argjson s "$stream" \
    '{model: $m, prompt: "Explain what a SLURM partition is", max_tokens: $n, ignore_eos: true, stream: $s}')
  cat >"$TMP/$mode.lua" <<EOF
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50=%d p90=%d p99=%d mean=%.0f max=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
EOF
done

# Sanity: both paths answer 200 with 16 tokens before anything is timed.
for url in "$ENDPOINT" "$SERVER"; do
  body=$(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$TMP/plain.lua")
  tokens=$(curl -fsS -H "$AUTH" "$url/v1/completions" -H 'Content-Type: application/json' -d "$body" | jq -r '.usage.completion_tokens')
  [[ $tokens == "$TOKENS" ]] || die "$url/v1/completions answered $tokens tokens, not $TOKENS"
done

cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }       # utime + stime
# utime + stime of a process's JIT compiler threads (C1/C2 CompilerThread): warm-up, not request work.
jit_ticks() {
  local t sum=0 v
  for t in /proc/"$1"/task/*; do
    [[ $(cat "$t/comm" 2>/dev/null) == C[12]\ Compiler* ]] || continue
    v=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null) && sum=$((sum + v))
  done
  echo "$sum"
}
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6 }' /proc/stat; } # total, idle+iowait
now_us() { local t=${EPOCHREALTIME/./}; echo "$((10#$t))"; }

# One wrk run: appends "rps p50 p90 p99 server% simulator% machine-busy% errors server-jit%" (latencies in ms,
# CPU in % of one core, machine in % of all cores) to $TMP/<case>-<target>, unless it is a warm-up.
run_wrk() {
  local case=$1 target=$2 conns=$3 seconds=$4 record=$5 url out s0 m0 t0 i0 j0 s1 m1 t1 i1 j1 srv sim busy jit
  [[ $target == direct ]] && url=$ENDPOINT || url=$SERVER
  out="$TMP/wrk/$case-$target-$(now_us).txt"
  s0=$(cpu_ticks "$SERVER_PID"); m0=$(cpu_ticks "$SIM_PID"); j0=$(jit_ticks "$SERVER_PID"); read -r t0 i0 <<<"$(machine_ticks)"
  local start; start=$(now_us)
  wrk -t"$THREADS" -c"$conns" -d"${seconds}s" --timeout 10s --latency -s "$TMP/${case%%-*}.lua" "$url/v1/completions" >"$out" 2>&1 ||
    { cat "$out" >&2; die "wrk failed against $url"; }
  local elapsed_us=$(($(now_us) - start))
  s1=$(cpu_ticks "$SERVER_PID"); m1=$(cpu_ticks "$SIM_PID"); j1=$(jit_ticks "$SERVER_PID"); read -r t1 i1 <<<"$(machine_ticks)"
  ((record)) || return 0
  srv=$(awk -v a="$s0" -v b="$s1" -v hz="$CLK_TCK" -v us="$elapsed_us" 'BEGIN { printf "%.1f", (b - a) / hz / (us / 1e6) * 100 }')
  sim=$(awk -v a="$m0" -v b="$m1" -v hz="$CLK_TCK" -v us="$elapsed_us" 'BEGIN { printf "%.1f", (b - a) / hz / (us / 1e6) * 100 }')
  jit=$(awk -v a="$j0" -v b="$j1" -v hz="$CLK_TCK" -v us="$elapsed_us" 'BEGIN { printf "%.1f", (b - a) / hz / (us / 1e6) * 100 }')
  busy=$(awk -v t="$((t1 - t0))" -v i="$((i1 - i0))" 'BEGIN { printf "%.1f", (t > 0 ? (t - i) / t * 100 : 0) }')
  grep '^BENCH ' "$out" | awk -v srv="$srv" -v sim="$sim" -v busy="$busy" -v jit="$jit" '{
      for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
      errors = f["status"] + f["connect"] + f["read"] + f["write"] + f["timeout"]
      printf "%.1f %.3f %.3f %.3f %s %s %s %d %s\n", f["requests"] / (f["duration_us"] / 1e6), f["p50"] / 1000, f["p90"] / 1000,
        f["p99"] / 1000, srv, sim, busy, errors, jit
    }' >>"$TMP/$case-$target"
  tail -n 1 "$TMP/$case-$target" | awk -v t="$target" '{ printf "    %-7s %7.1f req/s  p50 %6.2f  p90 %6.2f  p99 %7.2f ms  server %5.1f%% (JIT %4.1f%%)  simulator %5.1f%%  machine %5.1f%%  errors %d\n", t, $1, $2, $3, $4, $5, $9, $6, $7, $8 }'
}

CASES=()
for mode in plain stream; do
  for c in $CONNECTIONS; do CASES+=("$mode-$c"); done
done
MAX_CONNS=$(tr ' ' '\n' <<<"$CONNECTIONS" | sort -n | tail -n 1)
# The server's JIT needs far longer than one case's warm-up: a freshly started server spends most of its CPU in
# the C2 compiler for its first minute under load, which would be measured as gateway overhead. A long-running
# server is warm, so it is warmed through the gateway (which warms the simulator too) before anything counts.
step "Warming up the server and the simulator: ${JIT_WARMUP}s per mode through the gateway, $MAX_CONNS connections"
for mode in plain stream; do run_wrk "$mode-$MAX_CONNS" gateway "$MAX_CONNS" "$JIT_WARMUP" 0; done

step "Measuring: ${#CASES[@]} cases x $ROUNDS rounds x (direct, gateway) x ${DURATION}s, wrk $THREADS threads, after ${WARMUP}s warm-ups"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for case in "${CASES[@]}"; do
  conns=${case##*-}
  echo "  $case ($( [[ ${case%%-*} == stream ]] && echo 'stream: true' || echo 'non-streaming'), $conns connections)"
  run_wrk "$case" direct "$conns" "$WARMUP" 0
  run_wrk "$case" gateway "$conns" "$WARMUP" 0
  for _ in $(seq 1 "$ROUNDS"); do
    run_wrk "$case" direct "$conns" "$DURATION" 1
    run_wrk "$case" gateway "$conns" "$DURATION" 1
  done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- summary --

column_stats() { awk -v k="$2" '{ print $k }' "$1" >"$TMP/col"; bench_stats "$TMP/col"; }
med() { bench_field "$(column_stats "$1" "$2")" 1; }
step "Summary (run $RUN_ID, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $LOAD_BEFORE before, $LOAD_AFTER after)"
echo "simulator: TTFT $TTFT_MS ms, ITL $ITL_MS ms, $TOKENS tokens (ignore_eos); wrk $THREADS threads; $ROUNDS rounds of ${DURATION}s per target"
echo "figures are medians over the rounds; CPU in % of one core (server: the gateway's JVM, jit: its C1/C2 compiler"
echo "threads, included in server; machine: busy share of all cores, everyone's processes)"
printf '\n%-10s %-8s %9s %8s %8s %8s %8s %6s %8s %8s %6s\n' case target "req/s" "p50 ms" "p90 ms" "p99 ms" "server%" "jit%" "sim%" "machine%" errors
for case in "${CASES[@]}"; do
  for target in direct gateway; do
    f=$TMP/$case-$target
    printf '%-10s %-8s %9s %8s %8s %8s %8s %6s %8s %8s %6s\n' "$case" "$target" "$(med "$f" 1)" "$(med "$f" 2)" "$(med "$f" 3)" \
      "$(med "$f" 4)" "$(med "$f" 5)" "$(med "$f" 9)" "$(med "$f" 6)" "$(med "$f" 7)" "$(awk '{ s += $8 } END { print s + 0 }' "$f")"
  done
done
printf '\n%-10s %22s %22s %24s\n' case "throughput gw/direct" "added p50 ms (gw-dir)" "per-round ratios"
for case in "${CASES[@]}"; do
  d=$TMP/$case-direct g=$TMP/$case-gateway
  ratio=$(bench_div "$(med "$g" 1)" "$(med "$d" 1)" 3)
  added=$(awk -v a="$(med "$g" 2)" -v b="$(med "$d" 2)" 'BEGIN { printf "%.3f", a - b }')
  rounds=$(paste -d' ' "$d" "$g" | awk '{ printf "%s%.3f", (NR > 1 ? " " : ""), $10 / $1 }')
  printf '%-10s %22s %22s %24s\n' "$case" "$ratio" "$added" "$rounds"
done
echo
echo "targets (issue 4): throughput ratio >= 0.85 and added median < 1 ms"

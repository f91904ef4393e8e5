#!/usr/bin/env bash
# Benchmarks the server against the local SLURM cluster and prints the figures (no pass/fail):
#
#   1. Submit overhead: POST /api/v1/services until the job is in squeue, against a raw slurmrestd
#      POST job/submit of the same script with the same job fields, interleaved (A, B, A, B, ...).
#   2. Reconcile cost with many tracked services: SLURM calls per cycle by verb and cycle times from the
#      server's own metrics, then GET /api/v1/services latency (default limit 100, and limit=1000).
#
#   scripts/bench-server.sh             run as root; takes about 1.5 minutes
#
# The server runs with the REST transport (slurmrestd, settings from the dev cluster's cluster.env) for
# both parts, on a free port, with a throw-away H2 database and recipes root. Every job it or this script
# submits is named bench-<run id>-..., and only those are cancelled at the end. Knobs (environment):
#   BENCH_SUBMITS=40     submissions per path in part 1 (plus 3 warm-ups each, not counted)
#   BENCH_SERVICES=1000  services deployed in part 2 (lowered when MaxJobCount leaves no room)
#   BENCH_WINDOW=30      seconds of reconcile cycles measured in part 2
#   BENCH_GETS=50        requests per GET variant
#   BENCH_KEEP=1         keep the temporary directory (server log, database) afterwards
# See docs/benchmarks.md for what the figures mean and results of earlier runs.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO=$PWD
# shellcheck source-path=SCRIPTDIR source=lib/bench-stats.sh
. "$REPO/scripts/lib/bench-stats.sh"
# shellcheck source-path=SCRIPTDIR source=lib/tokens.sh
. "$REPO/scripts/lib/tokens.sh"

SUBMITS=${BENCH_SUBMITS:-40}
SERVICES=${BENCH_SERVICES:-1000}
WINDOW=${BENCH_WINDOW:-30}
GETS=${BENCH_GETS:-50}
WARMUPS=3
DEPLOY_PARALLELISM=4
CLUSTER_ENV=/var/lib/hpc-dev-cluster/cluster.env

die() { echo "bench-server: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }
now_us() { local t=${EPOCHREALTIME/./}; echo "$((10#$t))"; }
ms_since() { awk -v a="$1" -v b="$(now_us)" 'BEGIN { printf "%.3f\n", (b - a) / 1000 }'; }

[[ $(id -u) == 0 ]] || die "run as root (the dev cluster and scancel of the REST user's jobs need it)"
for tool in curl jq java awk ss; do command -v "$tool" >/dev/null || die "$tool is missing"; done

# ------------------------------------------------------------------ setup --

step "Local SLURM cluster"
scripts/dev-cluster.sh up
setting() { sed -n "s/^$1=//p" "$CLUSTER_ENV" | tail -n 1; }
REST_URL=$(setting SLURM_REST_URL)
REST_VERSION=$(setting SLURM_REST_API_VERSION)
REST_USER=$(setting SLURM_USER_NAME)
JWT_FILE=$(setting SLURM_JWT_FILE)
WORK_DIR=$(setting HPC_WORK_DIR)
PARTITION=$(setting SLURM_PARTITION)
for v in REST_URL REST_VERSION REST_USER JWT_FILE WORK_DIR PARTITION; do
  [[ -n ${!v} ]] || die "$v not found in $CLUSTER_ENV"
done

max_jobs=$(scontrol show config | awk '$1 == "MaxJobCount" { print $3 }')
jobs_now=$(squeue -h -t all -o %i | wc -l)
room=$((max_jobs - jobs_now - 2 * SUBMITS - 2 * WARMUPS - 200))
SERVICES_NOTE=""
if ((room < SERVICES)); then
  SERVICES_NOTE="lowered from $SERVICES: MaxJobCount=$max_jobs with $jobs_now jobs already known"
  SERVICES=$((room > 0 ? room : 0))
  ((SERVICES >= 10)) || die "MaxJobCount=$max_jobs leaves no room for part 2 ($jobs_now jobs known)"
fi
echo "MaxJobCount=$max_jobs, jobs known to slurmctld now: $jobs_now; services for part 2: $SERVICES"

jar=$(compgen -G 'server-service/target/server-service-*.jar' | grep -v -- '-plain' | head -n 1 || true)
if [[ -z $jar ]]; then
  step "Building the server"
  mvn -B -q -DskipTests package -pl server-service -am
  jar=$(compgen -G 'server-service/target/server-service-*.jar' | grep -v -- '-plain' | head -n 1) || die "no jar after the build"
fi

TMP=$(mktemp -d /tmp/hpc-bench.XXXXXX)
RUN_ID=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
PREFIX=bench-$RUN_ID-
# A private copy: a build running meanwhile in the same tree must not rewrite the jar under the server.
cp "$jar" "$TMP/server.jar"
SERVER_PID=""
KEEP_TMP=${BENCH_KEEP:-0}

cleanup() {
  local rc=$?
  set +e
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    for _ in $(seq 1 30); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -9 "$SERVER_PID"
  fi
  local ids
  # Every job of this run, whoever submitted it, by name prefix; other people's jobs are never touched.
  ids=$(squeue -h -o '%i %j' | awk -v p="$PREFIX" 'index($2, p) == 1 { print $1 }')
  if [[ -n $ids ]]; then
    echo "cancelling $(wc -l <<<"$ids") jobs named $PREFIX*"
    xargs -n 200 scancel <<<"$ids"
  fi
  if ((rc != 0)) || [[ $KEEP_TMP == 1 ]]; then
    echo "server log and database kept in $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Two recipes under a private root. Job names are <recipe name>-<service id>, so both carry the prefix.
mkdir -p "$TMP/recipes/bench"
cat >"$TMP/recipes/bench/sleeper.yaml" <<EOF
name: ${PREFIX}sleeper
description: sleeps; submit overhead benchmark
container:
  runtime: none
  command: [sleep, "600"]
resources:
  memory: 16M
  time_limit: 5
EOF
# Part 2's services wait on a dependency that is never satisfied (an anchor job of this run, submitted
# held): PENDING (Dependency), they take no CPU from other users of the shared cluster and never run, while
# the server tracks them like any pending service. (Not --hold itself: slurmrestd 22.05 answers a held
# submission with error 2042 next to the new job id, which the REST transport takes for a rejection.)
write_pending_recipe() {
  cat >"$TMP/recipes/bench/pending.yaml" <<EOF
name: ${PREFIX}pending
description: sleeper waiting on a held job; reconcile benchmark
container:
  runtime: none
  command: [sleep, "600"]
resources:
  memory: 16M
  time_limit: 5
slurm:
  extra_directives: ["--dependency=afterok:$1"]
EOF
}

free_port() {
  local p
  for p in $(shuf -i 20000-59999 -n 50); do
    [[ -z $(ss -Hltn "sport = :$p") ]] && { echo "$p"; return; }
  done
  die "no free port found"
}
PORT=$(free_port)
SERVER=http://127.0.0.1:$PORT
# Every request to the server carries a token, as in real use.
TOKEN=$(new_token)
AUTH="Authorization: Bearer $TOKEN"

step "Starting the server on $SERVER (REST transport, $REST_URL $REST_VERSION, user $REST_USER)"
(
  cd "$TMP"
  HPC_TOKENS="bench admin $TOKEN" HPC_DATABASE_URL="jdbc:h2:file:$TMP/db/server;WRITE_DELAY=0" \
    exec java -Xmx512m -jar "$TMP/server.jar" \
    --server.port="$PORT" \
    --hpc.recipes.root="$TMP/recipes" \
    --hpc.cluster.transport=rest \
    --hpc.cluster.rest.url="$REST_URL" \
    --hpc.cluster.rest.api-version="$REST_VERSION" \
    --hpc.cluster.rest.user="$REST_USER" \
    --hpc.cluster.rest.token-file="$JWT_FILE" \
    --hpc.cluster.runtime=none \
    --hpc.cluster.paths.work-dir="$WORK_DIR" \
    --hpc.cluster.defaults.partition="$PARTITION" \
    --hpc.reconciler.interval=2s \
    --hpc.limits.active-services-per-user=100000 \
    --hpc.limits.deploys-per-minute=100000 \
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

# -------------------------------------------------- part 1: submit overhead --

step "Part 1: submit overhead, $SUBMITS interleaved submissions per path (+$WARMUPS warm-ups each)"

script=$(curl -H "$AUTH" -fsS -X POST "$SERVER/api/v1/recipes/bench/sleeper/render" -H 'Content-Type: application/json' -d '{}' | jq -r .script)
[[ $script == '#!'* ]] || die "the dry run returned no script"

# The job fields the REST transport sends for this script (SbatchDirectives + V0038Api): slurmrestd ignores
# #SBATCH lines, so the server translates them; the raw submission must carry the same fields to be fair.
# Only the directives this recipe renders are mapped; anything else stops the benchmark.
minutes_of() {
  local t=$1 d=0 h=0 m=0 s=0
  [[ $t == *-* ]] && { d=${t%%-*}; t=${t#*-}; }
  IFS=: read -r -a p <<<"$t"
  case ${#p[@]} in
    1) m=${p[0]} ;;
    2) m=${p[0]}; s=${p[1]} ;;
    3) h=${p[0]}; m=${p[1]}; s=${p[2]} ;;
    *) die "cannot read time '$1'" ;;
  esac
  echo $(((10#$d * 86400 + 10#$h * 3600 + 10#$m * 60 + 10#$s + 59) / 60))
}
megabytes_of() {
  local v=${1^^}
  case $v in
    *K) echo $(((${v%K} + 1023) / 1024)) ;;
    *G) echo $((${v%G} * 1024)) ;;
    *M) echo "${v%M}" ;;
    *[0-9]) echo "$v" ;;
    *) die "cannot read memory '$1'" ;;
  esac
}
job_fields='{}'
add_field() { job_fields=$(jq -c --arg k "$1" --argjson v "$2" '. + {($k): $v}' <<<"$job_fields"); }
first=1
while IFS= read -r line; do
  if ((first)); then first=0; [[ $line == '#!'* ]] && continue; fi
  [[ -z ${line// /} ]] && continue
  [[ $line == '#'* ]] || break
  [[ $line == '#SBATCH '* ]] || continue
  option=${line#'#SBATCH '}
  name=${option%%=*}
  value=${option#*=}
  [[ $option == *=* ]] || die "directive without '=': $line"
  case $name in
    --job-name | --chdir) ;; # the submission's own name and directory win, as in the server
    --nodes) add_field nodes "[${value%-*}, ${value#*-}]" ;;
    --ntasks) add_field tasks "$value" ;;
    --ntasks-per-node) add_field tasks_per_node "$value" ;;
    --cpus-per-task) add_field cpus_per_task "$value" ;;
    --mem) add_field memory_per_node "$(megabytes_of "$value")" ;;
    --time) add_field time_limit "$(minutes_of "$value")" ;;
    --partition) add_field partition "$(jq -n --arg v "$value" '$v')" ;;
    --output) add_field standard_output "$(jq -n --arg v "$value" '$v')" ;;
    --error) add_field standard_error "$(jq -n --arg v "$value" '$v')" ;;
    *) die "the raw submission does not mirror $line; extend bench-server.sh" ;;
  esac
done <<<"$script"
echo "raw job fields (besides name, directory, environment): $job_fields"

TOKEN=$(tr -d '\n' <"$JWT_FILE")
# Other people's tests may stop slurmrestd for a while (RestSshFailoverIT does, and restarts it): wait for
# its ping, for up to two minutes, then start it with 'dev-cluster.sh up' (idempotent).
rest_up() {
  curl -fsS -o /dev/null --max-time 5 "$REST_URL/slurm/$REST_VERSION/ping" \
    -H "X-SLURM-USER-NAME: $REST_USER" -H "X-SLURM-USER-TOKEN: $TOKEN" 2>/dev/null
}
wait_rest() {
  local deadline=$((SECONDS + 120))
  until rest_up; do
    if ((SECONDS >= deadline)); then
      scripts/dev-cluster.sh up >&2
      rest_up || die "slurmrestd does not answer at $REST_URL"
      return
    fi
    sleep 1
  done
}
wait_rest
raw_body() {
  jq -c -n --arg script "$script" --arg name "$1" --arg dir "$WORK_DIR" --arg user "$REST_USER" \
    --argjson fields "$job_fields" \
    '{script: $script, job: ({name: $name, current_working_directory: $dir,
      environment: {PATH: "/usr/local/bin:/usr/bin:/bin", USER: $user}} + $fields)}'
}

# Waits until squeue lists the job; fails after 20 s.
wait_visible() {
  local deadline=$((SECONDS + 20))
  until [[ -n $(squeue -h -j "$1" -o %i 2>/dev/null) ]]; do
    ((SECONDS < deadline)) || { echo "job $1 did not appear in squeue" >&2; return 1; }
  done
}

# One submission through the server: prints "<total ms> <http ms> <job id>".
submit_server() {
  local start out code http id
  start=$(now_us)
  out=$(curl -H "$AUTH" -sS -o "$TMP/a.json" -w '%{http_code} %{time_total}' -X POST "$SERVER/api/v1/services" \
    -H 'Content-Type: application/json' -d '{"recipe_name": "bench/sleeper"}')
  code=${out% *}
  http=${out#* }
  [[ $code == 201 ]] || { echo "POST /api/v1/services answered $code: $(head -c 300 "$TMP/a.json")" >&2; return 1; }
  id=$(jq -r '.job_id // empty' "$TMP/a.json")
  if [[ -z $id ]]; then
    # Left SUBMITTING (slurmrestd unreachable): cancel it, or the reconciler would submit it later.
    echo "no job id: $(jq -r '.status + " " + (.reason // "")' "$TMP/a.json")" >&2
    curl -H "$AUTH" -sS -o /dev/null -X DELETE "$SERVER/api/v1/services/$(jq -r .id "$TMP/a.json")" || true
    return 1
  fi
  wait_visible "$id" || return 1
  echo "$(ms_since "$start") $(awk -v t="$http" 'BEGIN { printf "%.3f", t * 1000 }') $id"
}

# One raw slurmrestd submission of the same script: same output.
submit_raw() {
  local body start out code http id
  body=$(raw_body "${PREFIX}raw-$1")
  start=$(now_us)
  out=$(curl -sS -o "$TMP/b.json" -w '%{http_code} %{time_total}' -X POST "$REST_URL/slurm/$REST_VERSION/job/submit" \
    -H "X-SLURM-USER-NAME: $REST_USER" -H "X-SLURM-USER-TOKEN: $TOKEN" -H 'Content-Type: application/json' -d "$body")
  code=${out% *}
  http=${out#* }
  id=$(jq -r '.job_id // empty' "$TMP/b.json" 2>/dev/null || true)
  [[ $code == 200 && -n $id ]] || { echo "slurmrestd job/submit answered $code: $(head -c 300 "$TMP/b.json" 2>/dev/null)" >&2; return 1; }
  wait_visible "$id" || return 1
  echo "$(ms_since "$start") $(awk -v t="$http" 'BEGIN { printf "%.3f", t * 1000 }') $id"
}

: >"$TMP/a_total"; : >"$TMP/a_http"; : >"$TMP/b_total"; : >"$TMP/b_http"
# One pair, A then B; a pair with a failed submission (slurmrestd restarted by someone else's test, say)
# is dropped whole and run again once slurmrestd answers, at most 5 times in the run.
retries=0
i=$((1 - WARMUPS))
while ((i <= SUBMITS)); do
  ((i == 1)) && curl -H "$AUTH" -fsS "$SERVER/actuator/prometheus" >"$TMP/p0"
  pair=()
  for path in a b; do
    if [[ $path == a ]]; then r=$(submit_server) || r=""; else r=$(submit_raw "$i") || r=""; fi
    [[ -n $r ]] || break
    read -r total http id <<<"$r"
    # Cancelled at once, outside the timing, so at most one job of this run holds a CPU at a time.
    scancel "$id"
    pair+=("$path $total $http")
  done
  if ((${#pair[@]} < 2)); then
    ((++retries <= 5)) || die "too many failed submissions"
    echo "  pair $i failed; waiting for slurmrestd and running it again"
    wait_rest
    continue
  fi
  if ((i > 0)); then
    for p in "${pair[@]}"; do
      read -r path total http <<<"$p"
      echo "$total" >>"$TMP/${path}_total"
      echo "$http" >>"$TMP/${path}_http"
    done
  fi
  ((i > 0 && i % 10 == 0)) && echo "  $i/$SUBMITS pairs"
  i=$((i + 1))
done
curl -H "$AUTH" -fsS "$SERVER/actuator/prometheus" >"$TMP/p1"
A=$(bench_stats "$TMP/a_total"); B=$(bench_stats "$TMP/b_total")
# The server's own slurmrestd call inside A, from its metrics (successful submits of the counted pairs).
submit_calls=$(awk -v a="$(bench_metric "$TMP/p0" hpc_slurm_calls_seconds_count verb=submit outcome=success)" \
  -v b="$(bench_metric "$TMP/p1" hpc_slurm_calls_seconds_count verb=submit outcome=success)" 'BEGIN { print b - a }')
submit_call_ms=$(awk -v a="$(bench_metric "$TMP/p0" hpc_slurm_calls_seconds_sum verb=submit outcome=success)" \
  -v b="$(bench_metric "$TMP/p1" hpc_slurm_calls_seconds_sum verb=submit outcome=success)" -v n="$submit_calls" \
  'BEGIN { if (n > 0) printf "%.2f", (b - a) * 1000 / n; else print "n/a" }')
AH=$(bench_stats "$TMP/a_http"); BH=$(bench_stats "$TMP/b_http")

# ------------------------------------------------ part 2: reconcile cost --

step "Part 2: deploying $SERVICES pending services through the API ($DEPLOY_PARALLELISM in parallel)"
anchor=$(sbatch --parsable --hold -J "${PREFIX}anchor" -p "$PARTITION" -t 5 --mem=16M -o /dev/null --wrap true)
write_pending_recipe "${anchor%%;*}"
wait_rest
deploy_start=$(now_us)
seq 1 "$SERVICES" | xargs -P "$DEPLOY_PARALLELISM" -I{} \
  curl -H "$AUTH" -sS -o /dev/null -w '%{http_code}\n' -X POST "$SERVER/api/v1/services" \
  -H 'Content-Type: application/json' -d '{"recipe_name": "bench/pending"}' >"$TMP/deploy_codes"
deploy_ms=$(ms_since "$deploy_start")
deploy_rate=$(bench_div "$((SERVICES * 1000))" "$deploy_ms" 1)
deployed=$(grep -c '^201$' "$TMP/deploy_codes" || true)
((deployed == SERVICES)) || { sort "$TMP/deploy_codes" | uniq -c >&2; die "only $deployed of $SERVICES deployments answered 201"; }
echo "deployed $deployed in $(bench_div "$deploy_ms" 1000 1) s ($deploy_rate/s)"
# A deployment that met slurmrestd down stays SUBMITTING until the reconciler submits it: wait for all.
in_slurm=0
for _ in $(seq 1 120); do
  in_slurm=$(squeue -h -o %j | grep -c "^${PREFIX}pending-" || true)
  ((in_slurm >= SERVICES)) && break
  sleep 1
done
echo "jobs in squeue: $in_slurm"

# Let the first cycles store the pending reason of every new service, then measure a quiet window; again
# (once) when a cycle in it was skipped or a SLURM call failed, that is when slurmrestd went away meanwhile.
sleep 10
for attempt in 1 2; do
  curl -H "$AUTH" -fsS "$SERVER/actuator/prometheus" >"$TMP/m0"
  echo "measuring reconcile cycles for $WINDOW s"
  sleep "$WINDOW"
  curl -H "$AUTH" -fsS "$SERVER/actuator/prometheus" >"$TMP/m1"
  failed_calls=$(awk -v a="$(bench_metric "$TMP/m0" hpc_slurm_calls_seconds_count)" \
    -v b="$(bench_metric "$TMP/m1" hpc_slurm_calls_seconds_count)" \
    -v c="$(bench_metric "$TMP/m0" hpc_slurm_calls_seconds_count outcome=success)" \
    -v d="$(bench_metric "$TMP/m1" hpc_slurm_calls_seconds_count outcome=success)" 'BEGIN { print (b - a) - (d - c) }')
  [[ $failed_calls == 0 ]] && break
  echo "  $failed_calls SLURM calls failed in the window (slurmrestd down?)"
  ((attempt == 1)) && wait_rest
done

metric_delta() { awk -v a="$(bench_metric "$TMP/m0" "$@")" -v b="$(bench_metric "$TMP/m1" "$@")" 'BEGIN { printf "%.9g\n", b - a }'; }
cycles=$(metric_delta hpc_reconcile_cycle_seconds_count)
cycle_sum=$(metric_delta hpc_reconcile_cycle_seconds_sum)
cycle_mean_ms=$(bench_div "$(bench_div "$cycle_sum" 0.001 6)" "$cycles" 1)
cycle_max_ms=$(awk -v s="$(bench_metric "$TMP/m1" hpc_reconcile_cycle_seconds_max)" 'BEGIN { printf "%.1f", s * 1000 }')
skipped=$(metric_delta hpc_reconcile_skipped_total)
calls_total=0
calls_by_verb=""
jobs_call_mean_ms=n/a
for verb in $(bench_label_values "$TMP/m1" hpc_slurm_calls_seconds_count verb); do
  d=$(metric_delta hpc_slurm_calls_seconds_count "verb=$verb")
  [[ $d == 0 ]] && continue
  calls_total=$(awk -v a="$calls_total" -v b="$d" 'BEGIN { print a + b }')
  calls_by_verb+="$verb=$(bench_div "$d" "$cycles" 2) "
  if [[ $verb == jobs ]]; then
    jobs_call_mean_ms=$(bench_div "$(bench_div "$(metric_delta hpc_slurm_calls_seconds_sum verb=jobs)" 0.001 6)" "$d" 1)
  fi
done
calls_per_cycle=$(bench_div "$calls_total" "$cycles" 2)

curl -H "$AUTH" -fsS "$SERVER/api/v1/services?limit=1000" >"$TMP/all.json"
tracked=$(jq --arg p "${PREFIX}pending-" '[.[] | select((.name | startswith($p))
  and (.status | IN("SUBMITTING", "PENDING", "STARTING", "RUNNING")))] | length' "$TMP/all.json")
statuses=$(jq -r --arg p "${PREFIX}pending-" '[.[] | select(.name | startswith($p)) | .status] | group_by(.)
  | map("\(.[0])=\(length)") | join(" ")' "$TMP/all.json")
echo "tracked: $tracked ($statuses); cycles in window: $cycles"

step "GET /api/v1/services latency, $GETS requests per variant, interleaved"
: >"$TMP/get100"; : >"$TMP/get1000"
get_ms() {
  local out
  out=$(curl -H "$AUTH" -sS -o /dev/null -w '%{http_code} %{time_total} %{size_download}' "$1")
  [[ ${out%% *} == 200 ]] || die "GET $1 answered ${out%% *}"
  read -r _ t size <<<"$out"
  echo "$(awk -v t="$t" 'BEGIN { printf "%.3f", t * 1000 }') $size"
}
for _ in $(seq 1 "$GETS"); do
  read -r t size100 <<<"$(get_ms "$SERVER/api/v1/services")"; echo "$t" >>"$TMP/get100"
  read -r t size1000 <<<"$(get_ms "$SERVER/api/v1/services?limit=1000")"; echo "$t" >>"$TMP/get1000"
done
G100=$(bench_stats "$TMP/get100"); G1000=$(bench_stats "$TMP/get1000")

# What one reconcile cycle reads from slurmrestd: the whole job list, every job of every user.
: >"$TMP/rawjobs"
for _ in 1 2 3 4 5; do
  out=$(curl -sS -o /dev/null -w '%{time_total} %{size_download}' "$REST_URL/slurm/$REST_VERSION/jobs" \
    -H "X-SLURM-USER-NAME: $REST_USER" -H "X-SLURM-USER-TOKEN: $TOKEN")
  awk -v t="${out% *}" 'BEGIN { printf "%.3f\n", t * 1000 }' >>"$TMP/rawjobs"
  rawjobs_size=${out#* }
done
RAWJOBS=$(bench_stats "$TMP/rawjobs")
jobs_listed=$(squeue -h -t all -o %i | wc -l)

# ---------------------------------------------------------------- summary --

f() { bench_field "$1" "$2"; }
step "Summary (run $RUN_ID, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '\nSubmit overhead, N=%d per path, interleaved (ms)       median      p90     mean      min      max\n' "$SUBMITS"
row() { printf '  %-50s %8s %8s %8s %8s %8s\n' "$1" "$(f "$2" 1)" "$(f "$2" 2)" "$(f "$2" 3)" "$(f "$2" 4)" "$(f "$2" 5)"; }
row "A  POST /api/v1/services -> in squeue" "$A"
row "B  slurmrestd POST job/submit -> in squeue" "$B"
row "A  HTTP response only" "$AH"
row "B  HTTP response only" "$BH"
printf '  %-50s %8s\n' "ratio A/B of medians, to squeue" "$(bench_div "$(f "$A" 1)" "$(f "$B" 1)" 2)"
printf '  %-50s %8s\n' "ratio A/B of medians, HTTP only" "$(bench_div "$(f "$AH" 1)" "$(f "$BH" 1)" 2)"
printf '  %-50s %8s\n' "A: server's slurmrestd submit call, mean (ms)" "$submit_call_ms"
printf '  %-50s %8s\n' "server overhead, median A - median B (ms)" "$(awk -v a="$(f "$A" 1)" -v b="$(f "$B" 1)" 'BEGIN { printf "%.2f", a - b }')"

printf '\nReconcile with %s pending services (REST transport, interval 2s, %s s window)\n' "$SERVICES" "$WINDOW"
[[ -n $SERVICES_NOTE ]] && printf '  note: %s\n' "$SERVICES_NOTE"
printf '  %-50s %s\n' "services tracked (active)" "$tracked"
printf '  %-50s %s\n' "deploy throughput ($DEPLOY_PARALLELISM clients)" "$deploy_rate/s"
printf '  %-50s %s\n' "cycles in window (skipped, failed SLURM calls)" "$cycles ($skipped, $failed_calls)"
printf '  %-50s %s\n' "SLURM calls per cycle" "$calls_per_cycle"
printf '  %-50s %s\n' "  by verb" "${calls_by_verb:-none}"
printf '  %-50s %s\n' "cycle time mean (ms)" "$cycle_mean_ms"
printf '  %-50s %s\n' "cycle time max (ms, rolling 2-min max)" "$cycle_max_ms"
printf '  %-50s %s\n' "jobs call mean (ms)" "$jobs_call_mean_ms"
printf '  %-50s %s\n' "raw GET slurmrestd jobs median (ms), size" "$(f "$RAWJOBS" 1), $rawjobs_size bytes, $jobs_listed jobs listed"

printf '\nGET /api/v1/services, N=%d each, interleaved (ms)       median      p90     mean      min      max\n' "$GETS"
row "default limit (100), $size100 bytes" "$G100"
row "limit=1000, $size1000 bytes" "$G1000"
echo

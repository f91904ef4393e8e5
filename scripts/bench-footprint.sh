#!/usr/bin/env bash
# Measures what each hpc-orchestrator service costs at rest, started exactly as scripts/suite.sh starts it
# (the JVM options in deploy/jvm/, which the images' JAVA_OPTS repeat, and the class-data archive):
#   - ready: from the java process' start to /actuator/health answering UP (read from /proc, so the
#     launcher's own shell work is not counted), each service started alone;
#   - RSS: VmRSS from /proc/<pid>/status once all four are UP and have settled;
#   - together: the four started at once (what 'suite.sh start' does) until the last is UP.
# Prints medians over the runs with min-max, and the total. Targets: each <= 200 MB and ready <= 5 s on
# 2 cores; the four together < 800 MB. A benchmark, not a test: nothing fails on a number.
#
#   bench-footprint.sh                 # 5 runs, about 3 minutes
#   BENCH_RUNS=3 BENCH_SETTLE=5 bench-footprint.sh
#
# Needs the jars ('mvn -B -DskipTests package'); uses its own state directory and free ports, so it does
# not touch a running suite. BENCH_KEEP=1 keeps the directory (logs) in /tmp/hpc-footprint.*.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${BENCH_RUNS:-5}
SETTLE=${BENCH_SETTLE:-10}
SERVICES=(server-service client-service monitoring-service logs-service)

log() { printf '[bench-footprint] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

WORK=$(mktemp -d /tmp/hpc-footprint.XXXXXX)
export HPC_SUITE_HOME=$WORK/suite HPC_SUITE_JAR_DIR=$WORK/jars
# The measured service must not depend on what a user's settings file says.
export HPC_SUITE_CONFIG=$WORK/none.env
SUITE=("$ROOT/scripts/suite.sh")

cleanup() {
  "${SUITE[@]}" stop >/dev/null 2>&1 || true
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Copies, so a build running meanwhile in the same tree cannot change a jar under a running service.
mkdir -p "$WORK/jars"
for svc in "${SERVICES[@]}"; do
  jars=()
  for f in "$ROOT/$svc/target/$svc"-*.jar; do
    [[ -f $f && $f != *-sources.jar && $f != *-tests.jar ]] && jars+=("$f")
  done
  ((${#jars[@]} == 1)) || die "need exactly one jar in $svc/target (found ${#jars[@]}): run 'mvn -B -DskipTests package'"
  cp "${jars[0]}" "$WORK/jars/$svc.jar"
done

# Four free consecutive ports above 20000.
# shellcheck disable=SC2016 # expanded by the inner bash
port_free() { ! timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null; }
base=20000
while :; do
  if port_free $((base + 1)) && port_free $((base + 2)) && port_free $((base + 3)) && port_free $((base + 4)); then break; fi
  base=$((base + 100))
  ((base < 60000)) || die "no four free ports found"
done
export HPC_SUITE_PORT_BASE=$base

port_of() {
  local i
  for i in "${!SERVICES[@]}"; do [[ ${SERVICES[$i]} == "$1" ]] && echo $((base + i + 1)); done
}
pid_of() { cat "$HPC_SUITE_HOME/run/$1.pid"; }
is_up() {
  # shellcheck disable=SC2016 # expanded by the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET /actuator/health HTTP/1.0\r\n\r\n" >&3; cat <&3' _ "$1" 2>/dev/null | grep -q '"status":"UP"'
}
# Seconds since the process started, from /proc (clock ticks since boot) and /proc/uptime.
age_of() {
  local pid=$1 start now
  start=$(awk '{print $22}' "/proc/$pid/stat")
  now=$(awk '{print $1}' /proc/uptime)
  awk -v s="$start" -v n="$now" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", n - s / hz}'
}
rss_of() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# wait_up SERVICE...: waits (60 s at most) until every one answers UP; prints "service seconds" as each does.
wait_up() {
  local pending=("$@") rest svc deadline=$((SECONDS + 60))
  while ((${#pending[@]})); do
    rest=()
    for svc in "${pending[@]}"; do
      local pid
      pid=$(pid_of "$svc")
      [[ -d /proc/$pid ]] || die "$svc exited; see $HPC_SUITE_HOME/logs/$svc.log (BENCH_KEEP=1 keeps it)"
      if is_up "$(port_of "$svc")"; then echo "$svc $(age_of "$pid")"; else rest+=("$svc"); fi
    done
    pending=("${rest[@]+"${rest[@]}"}")
    ((${#pending[@]})) || break
    ((SECONDS < deadline)) || die "not UP within 60 s: ${pending[*]}"
    sleep 0.05
  done
}

log "$(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $RUNS runs; ports $((base + 1))-$((base + 4))"
"${SUITE[@]}" prepare >/dev/null

declare -A READY RSS
TOGETHER=()
TOTALS=()
for ((run = 1; run <= RUNS; run++)); do
  total=0
  for svc in "${SERVICES[@]}"; do
    "${SUITE[@]}" start --no-wait "$svc" >/dev/null
    read -r _ t < <(wait_up "$svc")
    READY[$svc]+="$t "
  done
  sleep "$SETTLE"
  for svc in "${SERVICES[@]}"; do
    r=$(rss_of "$(pid_of "$svc")")
    RSS[$svc]+="$r "
    total=$((total + r))
  done
  TOTALS+=("$total")
  "${SUITE[@]}" stop >/dev/null
  # All four at once: the time until the last is UP.
  "${SUITE[@]}" start --no-wait >/dev/null
  last=$(wait_up "${SERVICES[@]}" | awk '{ if ($2 > m) m = $2 } END { print m }')
  TOGETHER+=("$last")
  "${SUITE[@]}" stop >/dev/null
  log "run $run/$RUNS: total $total MB, all four together UP after ${last}s (load $(cut -d' ' -f1 /proc/loadavg))"
done

# stats VALUES...: "median min max"
stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%s %s %s", m, v[1], v[NR] }'; }

echo
echo "Footprint with the JVM options of deploy/jvm/ and class-data sharing; medians of $RUNS runs (min-max)"
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end; java: $(java -version 2>&1 | head -n1)"
echo
printf '%-19s %-24s %-22s %s\n' service "ready (s, alone)" "idle RSS (MB)" "targets (<= 5 s, <= 200 MB)"
for svc in "${SERVICES[@]}"; do
  # shellcheck disable=SC2086 # space-separated samples
  read -r tm tlo thi <<<"$(stats ${READY[$svc]})"
  # shellcheck disable=SC2086
  read -r rm rlo rhi <<<"$(stats ${RSS[$svc]})"
  ok=$(awk -v t="$tm" -v r="$rm" 'BEGIN { print (t <= 5 && r <= 200) ? "met" : "NOT met" }')
  printf '%-19s %-24s %-22s %s\n' "$svc" "$tm ($tlo-$thi)" "$rm ($rlo-$rhi)" "$ok"
done
read -r sm slo shi <<<"$(stats "${TOTALS[@]}")"
read -r gm glo ghi <<<"$(stats "${TOGETHER[@]}")"
printf '%-19s %-24s %-22s %s\n' "total" "" "$sm ($slo-$shi)" \
  "$(awk -v r="$sm" 'BEGIN { print (r < 800) ? "met (< 800 MB)" : "NOT met (< 800 MB)" }')"
echo "all four started at once: the last UP after $gm s ($glo-$ghi)"

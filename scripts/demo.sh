#!/usr/bin/env bash
# Shows hpc-orchestrator doing its main job on a local single-machine SLURM cluster:
# starts the cluster and the server, lists the recipes, renders one through the server's API,
# submits it with sbatch, follows the job until its service answers, then cancels it.
# The server keeps running afterwards (http://127.0.0.1:8001); `scripts/demo.sh stop` stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

DEMO_DIR=target/demo
PID_FILE=$DEMO_DIR/server.pid
SERVER=http://127.0.0.1:8001

stop_server() {
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
    kill "$(cat "$PID_FILE")"
    echo "server stopped"
  fi
  rm -f "$PID_FILE"
}

if [ "${1:-}" = stop ]; then
  stop_server
  exit 0
fi

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Starting the local SLURM cluster"
scripts/dev-cluster.sh up
setting() { scripts/dev-cluster.sh env | sed -n "s/^$1=//p"; }
work_dir=$(setting HPC_WORK_DIR)

step "Building the suite"
command -v mvn >/dev/null || { apt-get update -q && apt-get install -y -q maven; }
mvn -B -q -DskipTests package

step "Starting the server on $SERVER"
stop_server
mkdir -p "$DEMO_DIR"
HPC_CLUSTER_RUNTIME=charliecloud \
HPC_WORK_DIR=$work_dir \
HPC_IMAGES_DIR=$(setting HPC_IMAGES_DIR) \
HPC_PARTITION=$(setting SLURM_PARTITION) \
  nohup java -Xmx256m -jar server-service/target/server-service-*.jar >"$DEMO_DIR/server.log" 2>&1 &
echo $! >"$PID_FILE"
for _ in $(seq 1 60); do
  curl -fsS "$SERVER/actuator/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "$SERVER/actuator/health"; echo

step "Recipes the server knows"
curl -fsS "$SERVER/api/v1/recipes" | jq -r '.[] | "\(.id)\t\(.description)"'

step "Rendering examples/http-echo for Charliecloud, with an override"
rendered=$(curl -fsS -X POST "$SERVER/api/v1/recipes/examples/http-echo/render" \
  -H 'Content-Type: application/json' \
  -d '{"config": {"environment": {"ECHO_TEXT": "hello from a SLURM job, rendered by hpc-orchestrator"}}}')
jq -r '.script' <<<"$rendered" | sed -n '1,16p'
echo "..."

step "Submitting it with sbatch"
job_id=$(jq -r '.script' <<<"$rendered" | sbatch --parsable)
echo "job $job_id submitted"
report="$work_dir/hpc-job-$job_id.report"
port=""
for _ in $(seq 1 60); do
  port=$(sed -n 's/^port=//p' "$report" 2>/dev/null | tail -n 1 || true)
  [ -n "$port" ] && break
  sleep 1
done
[ -n "$port" ] || { echo "the job did not report a port; see $work_dir" >&2; exit 1; }
node=$(sed -n 's/^node=//p' "$report" | tail -n 1)
squeue -j "$job_id"
echo "the job reports: node $node, port $port (comment: $(squeue -h -j "$job_id" -o %k))"

step "Calling the service"
for _ in $(seq 1 30); do
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/"

step "Cancelling job $job_id"
scancel "$job_id"
for _ in $(seq 1 30); do
  state=$(scontrol show job "$job_id" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  [ "$state" = CANCELLED ] && break
  sleep 1
done
echo "job $job_id is $state"

echo
echo "The server keeps running at $SERVER (OpenAPI at $SERVER/v3/api-docs, log in $DEMO_DIR/server.log)."
echo "Stop it with: scripts/demo.sh stop"

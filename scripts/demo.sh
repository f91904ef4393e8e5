#!/usr/bin/env bash
# Shows hpc-orchestrator doing its main job on a local single-machine SLURM cluster:
# starts the cluster and the server, lists the recipes, deploys one with a single API call,
# follows it to RUNNING, calls the service at its discovered endpoint, reads its logs, cancels it.
# The server keeps running afterwards (http://127.0.0.1:8001); `scripts/demo.sh stop` stops it.
# Every call but health needs a bearer token: the demo makes one (admin role) and leaves it in target/demo/token.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source-path=SCRIPTDIR source=lib/tokens.sh
. scripts/lib/tokens.sh

DEMO_DIR=target/demo
PID_FILE=$DEMO_DIR/server.pid
TOKEN_FILE=$DEMO_DIR/token
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
if [ ! -s "$TOKEN_FILE" ]; then
  (umask 077 && new_token >"$TOKEN_FILE")
fi
token=$(cat "$TOKEN_FILE")
auth=(-H "Authorization: Bearer $token")
HPC_TOKENS="demo admin $token" \
HPC_CLUSTER_TRANSPORT=local \
HPC_CLUSTER_RUNTIME=charliecloud \
HPC_DATA_DIR=$PWD/$DEMO_DIR/data \
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

step "Without a token the server answers 401"
curl -sS -o /dev/null -w '%{http_code}\n' "$SERVER/api/v1/recipes"

step "Recipes the server knows"
curl -fsS "${auth[@]}" "$SERVER/api/v1/recipes" | jq -r '.[] | "\(.id)\t\(.description)"'

step "Deploying examples/http-echo (Charliecloud) with one call"
created=$(curl -fsS "${auth[@]}" -X POST "$SERVER/api/v1/services" -H 'Content-Type: application/json' \
  -d '{"recipe_name": "examples/http-echo", "config": {"environment": {"ECHO_TEXT": "hello from a SLURM job deployed by hpc-orchestrator"}}}')
jq '{id, job_id, status, recipe_name, created_at}' <<<"$created"
id=$(jq -r .id <<<"$created")

step "Following $id until it is RUNNING"
last=""
status=""
for _ in $(seq 1 120); do
  view=$(curl -fsS "${auth[@]}" "$SERVER/api/v1/services/$id/status")
  status=$(jq -r .status <<<"$view")
  if [ "$status" != "$last" ]; then
    echo "$(date +%T)  $status  $(jq -r '.reason // ""' <<<"$view")"
    last=$status
  fi
  case "$status" in RUNNING|FAILED|CANCELLED|COMPLETED) break ;; esac
  sleep 0.5
done
[ "$status" = RUNNING ] || { echo "the service did not become RUNNING; see $DEMO_DIR/server.log" >&2; exit 1; }
endpoint=$(jq -r .endpoint <<<"$view")
echo "endpoint: $endpoint"

step "Calling the service at $endpoint"
curl -fsS "$endpoint/"

step "Its job's output, through the server"
curl -fsS "${auth[@]}" "$SERVER/api/v1/services/$id/logs?tail=5" | jq -r '.lines[]'

step "Cancelling $id"
curl -fsS "${auth[@]}" -X DELETE "$SERVER/api/v1/services/$id" | jq '{id, job_id, status, reason}'
job_id=$(jq -r .job_id <<<"$created")
for _ in $(seq 1 30); do
  state=$(scontrol show job "$job_id" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
  [ "$state" = CANCELLED ] && break
  sleep 1
done
echo "SLURM says job $job_id is $state"

echo
echo "The server keeps running at $SERVER (OpenAPI at $SERVER/v3/api-docs, log in $DEMO_DIR/server.log)."
echo "Its token (admin): export HPC_TOKEN=\$(cat $TOKEN_FILE); then curl -H \"Authorization: Bearer \$HPC_TOKEN\" ..."
echo "Stop it with: scripts/demo.sh stop"

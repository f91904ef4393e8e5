#!/bin/bash
#SBATCH --job-name=vllm-simulator
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=1
#SBATCH --mem=512M
#SBATCH --time=01:00:00
#SBATCH --partition=cpu
#SBATCH --qos=default
#SBATCH --account=p200000
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#
# Rendered by hpc-orchestrator from recipe vllm-simulator for runtime charliecloud.
# Progress goes to hpc-job-<job id>.report in the working directory and to the job comment.
# Values are single-quoted on purpose: they must reach the service exactly as written.
# shellcheck disable=SC2016

set -eo pipefail
set -u

hpc_report_file="hpc-job-${SLURM_JOB_ID}.report"
hpc_reported=()
hpc_report() {
  printf '%s\n' "$@" >> "$hpc_report_file"
  hpc_reported+=("$@")
  local IFS=,
  scontrol update JobId="$SLURM_JOB_ID" Comment="hpc:${hpc_reported[*]}" >/dev/null 2>&1 || true
}

export SIMULATOR_JAR='/opt/hpc-orchestrator/inference-simulator.jar'
export SIMULATOR_MODEL='simulator/tiny-chat'
export SIMULATOR_MAX_MODEL_LEN='2048'
export SIMULATOR_TTFT_MS='100'
export SIMULATOR_ITL_MS='20'
export SIMULATOR_MAX_OUTPUT_LEN='256'
export SIMULATOR_MAX_NUM_SEQS='256'
export SIMULATOR_CHAT_TEMPLATE='true'
export SIMULATOR_EXTRA_ARGS=''

hpc_free_port() {
  local port low=32768 size=40000
  { read -r low _ < /proc/sys/net/ipv4/ip_local_port_range; } 2>/dev/null || true
  if (( low > 20000 + 1000 )); then size=$(( low - 20000 )); fi
  for _ in $(seq 1 200); do
    port=$(( 20000 + ((RANDOM << 15) | RANDOM) % size ))
    if ! (: < "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
HPC_SERVICE_PORT=$(hpc_free_port) || { echo "hpc-orchestrator: no free port found" >&2; exit 1; }
HPC_SERVICE_HOST="${SLURMD_NODENAME:-$(hostname)}"
export HPC_SERVICE_PORT HPC_SERVICE_HOST

HPC_IMAGE='/project/home/p200000/containers/temurin-17-jre'
# ch-run passes the job's environment into the container as it is. It refuses to start
# without USER, which a job does not inherit when it was submitted without one.
USER="${USER:-$(id -un)}"
export USER
if [ ! -e "$HPC_IMAGE" ]; then
  echo "hpc-orchestrator: image $HPC_IMAGE not found" >&2
  exit 1
fi

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec ch-run "$HPC_IMAGE" -- '/bin/sh' '-c' $'set -f\x0aif [ ! -r "$SIMULATOR_JAR" ]; then\x0a  echo "vllm-simulator: no simulator jar at $SIMULATOR_JAR (build it with mvn -pl inference-simulator package and set SIMULATOR_JAR)" >&2\x0a  exit 1\x0afi\x0a# SIMULATOR_EXTRA_ARGS is split into separate options on purpose (globbing is off).\x0a# shellcheck disable=SC2086\x0aexec java -Xmx128m -XX:+UseSerialGC -jar "$SIMULATOR_JAR" \\\x0a  --port "$HPC_SERVICE_PORT" \\\x0a  --model "$SIMULATOR_MODEL" \\\x0a  --max-model-len "$SIMULATOR_MAX_MODEL_LEN" \\\x0a  --ttft-ms "$SIMULATOR_TTFT_MS" \\\x0a  --itl-ms "$SIMULATOR_ITL_MS" \\\x0a  --max-output-len "$SIMULATOR_MAX_OUTPUT_LEN" \\\x0a  --max-num-seqs "$SIMULATOR_MAX_NUM_SEQS" \\\x0a  --chat-template "$SIMULATOR_CHAT_TEMPLATE" \\\x0a  ${SIMULATOR_EXTRA_ARGS:-}\x0a'

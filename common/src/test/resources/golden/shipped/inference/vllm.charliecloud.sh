#!/bin/bash
#SBATCH --job-name=vllm
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=8
#SBATCH --mem=32G
#SBATCH --gres=gpu:1
#SBATCH --time=01:00:00
#SBATCH --partition=gpu
#SBATCH --qos=default
#SBATCH --account=p200000
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#
# Rendered by hpc-orchestrator from recipe vllm for runtime charliecloud.
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

export VLLM_MODEL='Qwen/Qwen2.5-0.5B-Instruct'
export VLLM_MAX_MODEL_LEN='2048'
export VLLM_GPU_MEMORY_UTILIZATION='0.9'
export VLLM_EXTRA_ARGS=''
# Secrets come from the submission environment; their values are never written here.
if [ -z "${HF_TOKEN:-}" ]; then
  echo "hpc-orchestrator: secret HF_TOKEN was not provided at submission, or is empty" >&2
  exit 1
fi
export HF_TOKEN

HPC_SERVICE_PORT=8000
HPC_SERVICE_HOST="${SLURMD_NODENAME:-$(hostname)}"
export HPC_SERVICE_PORT HPC_SERVICE_HOST

HPC_IMAGE='/project/home/p200000/containers/vllm.sif'
# ch-run passes the job's environment into the container as it is. It refuses to start
# without USER, which a job does not inherit when it was submitted without one.
USER="${USER:-$(id -un)}"
export USER
if [ ! -e "$HPC_IMAGE" ]; then
  echo "hpc-orchestrator: image $HPC_IMAGE not found" >&2
  exit 1
fi

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec ch-run "$HPC_IMAGE" -- '/bin/sh' '-c' $'set -f\x0a# VLLM_EXTRA_ARGS is split into separate options on purpose (globbing is off).\x0a# shellcheck disable=SC2086\x0aexec python3 -m vllm.entrypoints.openai.api_server \\\x0a  --model "$VLLM_MODEL" \\\x0a  --host 0.0.0.0 \\\x0a  --port "$HPC_SERVICE_PORT" \\\x0a  --max-model-len "$VLLM_MAX_MODEL_LEN" \\\x0a  --gpu-memory-utilization "$VLLM_GPU_MEMORY_UTILIZATION" \\\x0a  ${VLLM_EXTRA_ARGS:-}\x0a'

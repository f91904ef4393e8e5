#!/bin/bash
#SBATCH --job-name=chroma
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=08:00:00
#SBATCH --partition=cpu
#SBATCH --qos=default
#SBATCH --account=p200000
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#
# Rendered by hpc-orchestrator from recipe chroma for runtime singularity.
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

HPC_SERVICE_PORT=8000
HPC_SERVICE_HOST="${SLURMD_NODENAME:-$(hostname)}"
export HPC_SERVICE_PORT HPC_SERVICE_HOST

# SINGULARITYENV_* variables reach the container unchanged and override the image's %environment.
export SINGULARITYENV_HPC_SERVICE_HOST="${HPC_SERVICE_HOST}"
export SINGULARITYENV_HPC_SERVICE_PORT="${HPC_SERVICE_PORT}"

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec singularity exec 'docker://chromadb/chroma:1.3.5' '/bin/sh' '-c' $'set -eu\x0abase="${TMPDIR:-/tmp}"\x0aif [ ! -d "$base" ] || [ ! -w "$base" ]; then base=/tmp; fi\x0adata="${CHROMA_DATA_DIR:-$base/hpc-chroma-${SLURM_JOB_ID:-$$}}"\x0amkdir -p "$data"\x0aexec chroma run --path "$data" --host 0.0.0.0 --port "$HPC_SERVICE_PORT"\x0a'

#!/bin/bash
#SBATCH --job-name=qdrant
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=08:00:00
#SBATCH --partition=cpu
#SBATCH --qos=default
#SBATCH --account=p200000
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#
# Rendered by hpc-orchestrator from recipe qdrant for runtime apptainer.
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

export QDRANT__TELEMETRY_DISABLED='true'

HPC_SERVICE_PORT=6333
HPC_SERVICE_HOST="${SLURMD_NODENAME:-$(hostname)}"
export HPC_SERVICE_PORT HPC_SERVICE_HOST

# APPTAINERENV_* variables reach the container unchanged and override the image's %environment.
export APPTAINERENV_QDRANT__TELEMETRY_DISABLED="${QDRANT__TELEMETRY_DISABLED}"
export APPTAINERENV_HPC_SERVICE_HOST="${HPC_SERVICE_HOST}"
export APPTAINERENV_HPC_SERVICE_PORT="${HPC_SERVICE_PORT}"

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec apptainer exec 'docker://qdrant/qdrant:v1.15.4' '/bin/sh' '-c' $'set -eu\x0abase="${TMPDIR:-/tmp}"\x0aif [ ! -d "$base" ] || [ ! -w "$base" ]; then base=/tmp; fi\x0adata="${QDRANT_DATA_DIR:-$base/hpc-qdrant-${SLURM_JOB_ID:-$$}}"\x0amkdir -p "$data/storage" "$data/snapshots"\x0aexport QDRANT__SERVICE__HOST=0.0.0.0\x0aexport QDRANT__SERVICE__HTTP_PORT="$HPC_SERVICE_PORT"\x0aexport QDRANT__SERVICE__GRPC_PORT=6334\x0aexport QDRANT__STORAGE__STORAGE_PATH="$data/storage"\x0aexport QDRANT__STORAGE__SNAPSHOTS_PATH="$data/snapshots"\x0aexport QDRANT_INIT_FILE_PATH="$data/.qdrant-initialized"\x0acd /qdrant\x0aexec ./qdrant\x0a'

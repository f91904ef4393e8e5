#!/bin/bash
#SBATCH --job-name=minio
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=08:00:00
#SBATCH --partition=cpu
#SBATCH --qos=default
#SBATCH --account=p200000
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#
# Rendered by hpc-orchestrator from recipe minio for runtime none.
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

export MINIO_ROOT_USER='minioadmin'
export MINIO_BROWSER='on'
# Secrets come from the submission environment; their values are never written here.
if [ -z "${MINIO_ROOT_PASSWORD:-}" ]; then
  echo "hpc-orchestrator: secret MINIO_ROOT_PASSWORD was not provided at submission, or is empty" >&2
  exit 1
fi
export MINIO_ROOT_PASSWORD

HPC_SERVICE_PORT=9000
HPC_SERVICE_HOST="${SLURMD_NODENAME:-$(hostname)}"
export HPC_SERVICE_PORT HPC_SERVICE_HOST

# Bare metal: the command runs on the node itself with the variables exported above.

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec '/bin/sh' '-c' $'set -eu\x0abase="${TMPDIR:-/tmp}"\x0aif [ ! -d "$base" ] || [ ! -w "$base" ]; then base=/tmp; fi\x0adata="${MINIO_DATA_DIR:-$base/hpc-minio-${SLURM_JOB_ID:-$$}}"\x0amkdir -p "$data"\x0aexec minio server "$data" --address ":$HPC_SERVICE_PORT" --console-address ":9001"\x0a'

#!/bin/bash
#SBATCH --job-name=everything
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=2
#SBATCH --cpus-per-task=4
#SBATCH --mem-per-cpu=2G
#SBATCH --gres=gpu:a100:2
#SBATCH --time=1-12:00:00
#SBATCH --partition=gpu
#SBATCH --qos=urgent
#SBATCH --account=p200981
#SBATCH --constraint=a100&ib
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#SBATCH --mail-type=END
#SBATCH --exclusive
#
# Rendered by hpc-orchestrator from recipe everything for runtime singularity.
# Progress goes to hpc-job-<job id>.report in the working directory and to the job comment.
# Values are single-quoted on purpose: they must reach the service exactly as written.
# shellcheck disable=SC2016

set -eo pipefail
module load 'CUDA/12.2.0'
module load 'Apptainer/1.2.4-GCCcore-12.3.0'
set -u

hpc_report_file="hpc-job-${SLURM_JOB_ID}.report"
hpc_reported=()
hpc_report() {
  printf '%s\n' "$@" >> "$hpc_report_file"
  hpc_reported+=("$@")
  local IFS=,
  scontrol update JobId="$SLURM_JOB_ID" Comment="hpc:${hpc_reported[*]}" >/dev/null 2>&1 || true
}

export GREETING='it'\''s a "quoted" $(value) with `ticks`'
export MULTI_LINE=$'first line\x0asecond line'
export EMPTY=''
# Secrets come from the submission environment; their values are never written here.
if [ -z "${API_TOKEN:-}" ]; then
  echo "hpc-orchestrator: secret API_TOKEN was not provided at submission, or is empty" >&2
  exit 1
fi
export API_TOKEN

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

HPC_IMAGE='/project/home/p200000/containers/tools/service.sif'
# SINGULARITYENV_* variables reach the container unchanged and override the image's %environment.
export SINGULARITYENV_GREETING="${GREETING}"
export SINGULARITYENV_MULTI_LINE="${MULTI_LINE}"
export SINGULARITYENV_EMPTY="${EMPTY}"
export SINGULARITYENV_API_TOKEN="${API_TOKEN}"
export SINGULARITYENV_HPC_SERVICE_HOST="${HPC_SERVICE_HOST}"
export SINGULARITYENV_HPC_SERVICE_PORT="${HPC_SERVICE_PORT}"

if [ ! -e "$HPC_IMAGE" ]; then
  echo "hpc-orchestrator: image $HPC_IMAGE not found" >&2
  exit 1
fi

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec srun --kill-on-bad-exit=1 --cpu-bind=cores singularity exec --nv --bind '/project/data:/data:ro' --bind '/scratch/run:/scratch' "$HPC_IMAGE" '/bin/sh' '-c' 'exec service --port "$HPC_SERVICE_PORT" --data /data'

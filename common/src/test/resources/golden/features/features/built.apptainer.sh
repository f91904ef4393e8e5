#!/bin/bash
#SBATCH --job-name=built
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=1
#SBATCH --time=02:00:00
#SBATCH --partition=cpu
#SBATCH --qos=default
#SBATCH --account=p200000
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#
# Rendered by hpc-orchestrator from recipe built for runtime apptainer.
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

HPC_IMAGE='/project/home/p200000/containers/built.sif'
# APPTAINERENV_* variables reach the container unchanged and override the image's %environment.
export APPTAINERENV_HPC_SERVICE_HOST="${HPC_SERVICE_HOST}"
export APPTAINERENV_HPC_SERVICE_PORT="${HPC_SERVICE_PORT}"

if [ ! -e "$HPC_IMAGE" ]; then
  hpc_report phase=BUILDING
  hpc_definition=$(mktemp)
  base64 -d > "$hpc_definition" <<'HPC_DEFINITION'
Qm9vdHN0cmFwOiBkb2NrZXIKRnJvbTogZGViaWFuOjEyLXNsaW0KCiVwb3N0CiAgICBta2RpciAt
cCAvb3B0L3NlcnZpY2UvYmluCiAgICBwcmludGYgJyMhL2Jpbi9zaFxuZWNobyAic2VydmluZyBv
biAkSFBDX1NFUlZJQ0VfUE9SVCJcbicgPiAvb3B0L3NlcnZpY2UvYmluL3NlcnZlCiAgICBjaG1v
ZCAreCAvb3B0L3NlcnZpY2UvYmluL3NlcnZlCgolcnVuc2NyaXB0CiAgICBleGVjIC9vcHQvc2Vy
dmljZS9iaW4vc2VydmUgIiRAIgo=
HPC_DEFINITION
  mkdir -p "$(dirname "$HPC_IMAGE")"
  (
    flock 9
    if [ ! -e "$HPC_IMAGE" ]; then
      apptainer build --fakeroot "$HPC_IMAGE.$SLURM_JOB_ID.partial" "$hpc_definition"
      mv -f "$HPC_IMAGE.$SLURM_JOB_ID.partial" "$HPC_IMAGE"
    fi
  ) 9>"$HPC_IMAGE.lock"
  rm -f "$hpc_definition"
fi

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec apptainer exec "$HPC_IMAGE" '/opt/service/bin/serve'

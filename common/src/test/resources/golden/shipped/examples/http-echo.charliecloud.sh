#!/bin/bash
#SBATCH --job-name=http-echo
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=1
#SBATCH --mem=256M
#SBATCH --time=00:30:00
#SBATCH --partition=cpu
#SBATCH --qos=default
#SBATCH --account=p200000
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#
# Rendered by hpc-orchestrator from recipe http-echo for runtime charliecloud.
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

export ECHO_TEXT='hello from hpc-orchestrator'

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

HPC_IMAGE='/project/home/p200000/containers/busybox'
# ch-run passes the job's environment into the container as it is. It refuses to start
# without USER, which a job does not inherit when it was submitted without one.
USER="${USER:-$(id -un)}"
export USER
if [ ! -e "$HPC_IMAGE" ]; then
  echo "hpc-orchestrator: image $HPC_IMAGE not found" >&2
  exit 1
fi

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec ch-run "$HPC_IMAGE" -- '/bin/sh' '-c' $'set -eu\x0abase="${TMPDIR:-/tmp}"\x0aif [ ! -d "$base" ] || [ ! -w "$base" ]; then base=/tmp; fi\x0aroot="$base/hpc-http-echo-${SLURM_JOB_ID:-$$}"\x0amkdir -p "$root"\x0aprintf \'%s\\n\' "${ECHO_TEXT:-hello}" > "$root/index.html"\x0aprintf \'ok\\n\' > "$root/health"\x0aecho "http-echo: serving $root on port $HPC_SERVICE_PORT"\x0aexec busybox httpd -f -v -p "$HPC_SERVICE_PORT" -h "$root"\x0a'

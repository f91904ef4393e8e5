#!/bin/bash
#SBATCH --job-name=gpu-metrics
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=1
#SBATCH --gres=gpu:2
#SBATCH --time=00:30:00
#SBATCH --partition=cpu
#SBATCH --qos=default
#SBATCH --account=p200000
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#
# Rendered by hpc-orchestrator from recipe gpu-metrics for runtime singularity.
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

# GPU metrics: nvidia-smi readings every 10 s as Prometheus text in hpc-job-<job id>.gpu.prom.
hpc_gpu_metrics() {
  local file="hpc-job-${SLURM_JOB_ID}.gpu.prom"
  while kill -0 "$1" 2>/dev/null; do
    if nvidia-smi --query-gpu=index,uuid,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw \
        --format=csv,noheader,nounits > "$file.csv" 2>/dev/null; then
      awk -F', *' '
        { n++; gpu[n] = $1; uuid[n] = $2; util[n] = $3; used[n] = $4; total[n] = $5; temp[n] = $6; power[n] = $7 }
        function emit(name, help, values, scale,   i) {
          printf "# HELP %s %s\n# TYPE %s gauge\n", name, help, name
          for (i = 1; i <= n; i++) if (values[i] ~ /^[0-9.]+$/)
            printf "%s{gpu=\"%s\",uuid=\"%s\"} %.15g\n", name, gpu[i], uuid[i], values[i] * scale
        }
        END {
          emit("hpc_gpu_utilization_ratio", "GPU utilisation from nvidia-smi, 0 to 1", util, 0.01)
          emit("hpc_gpu_memory_used_bytes", "GPU memory in use", used, 1048576)
          emit("hpc_gpu_memory_total_bytes", "GPU memory in all", total, 1048576)
          emit("hpc_gpu_temperature_celsius", "GPU temperature", temp, 1)
          emit("hpc_gpu_power_watts", "GPU power draw", power, 1)
        }' "$file.csv" > "$file.tmp" && mv -f "$file.tmp" "$file"
    fi
    sleep 10
  done
}
hpc_gpu_metrics "$$" &

HPC_IMAGE='/project/home/p200000/containers/service.sif'
# SINGULARITYENV_* variables reach the container unchanged and override the image's %environment.
export SINGULARITYENV_HPC_SERVICE_HOST="${HPC_SERVICE_HOST}"
export SINGULARITYENV_HPC_SERVICE_PORT="${HPC_SERVICE_PORT}"

if [ ! -e "$HPC_IMAGE" ]; then
  echo "hpc-orchestrator: image $HPC_IMAGE not found" >&2
  exit 1
fi

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec singularity exec --nv "$HPC_IMAGE" '/opt/service/bin/serve'

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
# Rendered by hpc-orchestrator from recipe vllm for runtime singularity.
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
# SINGULARITYENV_* variables reach the container unchanged and override the image's %environment.
export SINGULARITYENV_VLLM_MODEL="${VLLM_MODEL}"
export SINGULARITYENV_VLLM_MAX_MODEL_LEN="${VLLM_MAX_MODEL_LEN}"
export SINGULARITYENV_VLLM_GPU_MEMORY_UTILIZATION="${VLLM_GPU_MEMORY_UTILIZATION}"
export SINGULARITYENV_VLLM_EXTRA_ARGS="${VLLM_EXTRA_ARGS}"
export SINGULARITYENV_HF_TOKEN="${HF_TOKEN}"
export SINGULARITYENV_HPC_SERVICE_HOST="${HPC_SERVICE_HOST}"
export SINGULARITYENV_HPC_SERVICE_PORT="${HPC_SERVICE_PORT}"

if [ ! -e "$HPC_IMAGE" ]; then
  hpc_report phase=BUILDING
  hpc_definition=$(mktemp)
  base64 -d > "$hpc_definition" <<'HPC_DEFINITION'
Qm9vdHN0cmFwOiBkb2NrZXIKRnJvbTogdmxsbS92bGxtLW9wZW5haTp2MC4xMS4wCgojIEFwcHRh
aW5lciBkZWZpbml0aW9uIGZvciByZWNpcGVzL2luZmVyZW5jZS92bGxtLnlhbWwuCiMgQnVpbGQg
YnkgaGFuZCAodGhlIHN1aXRlIGRvZXMgdGhlIHNhbWUgd2hlbiB2bGxtLnNpZiBpcyBtaXNzaW5n
KToKIyAgIGFwcHRhaW5lciBidWlsZCAtLWZha2Vyb290IHZsbG0uc2lmIHZsbG0uZGVmCgolbGFi
ZWxzCiAgICBvcmcub3BlbmNvbnRhaW5lcnMuaW1hZ2UudGl0bGUgdkxMTSBPcGVuQUktY29tcGF0
aWJsZSBzZXJ2ZXIKICAgIG9yZy5vcGVuY29udGFpbmVycy5pbWFnZS5zb3VyY2UgaHR0cHM6Ly9n
aXRodWIuY29tL3ZsbG0tcHJvamVjdC92bGxtCiAgICBvcmcub3BlbmNvbnRhaW5lcnMuaW1hZ2Uu
dmVyc2lvbiB2MC4xMS4wCiAgICBpby5ocGNvcmNoZXN0cmF0b3IucmVjaXBlIGluZmVyZW5jZS92
bGxtCgolaGVscAogICAgdkxMTSBPcGVuQUktY29tcGF0aWJsZSBpbmZlcmVuY2Ugc2VydmVyICh2
bGxtL3ZsbG0tb3BlbmFpIHYwLjExLjApLgoKICAgIFJ1biBpdCBieSBoYW5kIG9uIGEgR1BVIG5v
ZGU6CiAgICAgICAgVkxMTV9NT0RFTD1Rd2VuL1F3ZW4yLjUtMC41Qi1JbnN0cnVjdCBhcHB0YWlu
ZXIgcnVuIC0tbnYgdmxsbS5zaWYKICAgIHRoZW46IGN1cmwgaHR0cDovL2xvY2FsaG9zdDo4MDAw
L3YxL21vZGVscwoKICAgIFNldHRpbmdzLCBhbGwgZW52aXJvbm1lbnQgdmFyaWFibGVzOgogICAg
ICAgIFZMTE1fTU9ERUwgICAgICAgICAgICAgICAgICAgSHVnZ2luZyBGYWNlIG1vZGVsIGlkIG9y
IGxvY2FsIHBhdGggKFF3ZW4vUXdlbjIuNS0wLjVCLUluc3RydWN0KQogICAgICAgIFZMTE1fSE9T
VCAgICAgICAgICAgICAgICAgICAgbGlzdGVuIGFkZHJlc3MgKDAuMC4wLjApCiAgICAgICAgVkxM
TV9QT1JUICAgICAgICAgICAgICAgICAgICBsaXN0ZW4gcG9ydCAoSFBDX1NFUlZJQ0VfUE9SVCB3
aGVuIHNldCwgZWxzZSA4MDAwKQogICAgICAgIFZMTE1fTUFYX01PREVMX0xFTiAgICAgICAgICAg
Y29udGV4dCBsZW5ndGggaW4gdG9rZW5zICgyMDQ4KQogICAgICAgIFZMTE1fR1BVX01FTU9SWV9V
VElMSVpBVElPTiAgc2hhcmUgb2YgR1BVIG1lbW9yeSB2TExNIG1heSB1c2UgKDAuOSkKICAgICAg
ICBIRl9UT0tFTiAgICAgICAgICAgICAgICAgICAgIHRva2VuIGZvciBnYXRlZCBtb2RlbHMgKG9w
dGlvbmFsKQogICAgICAgIEhGX0hPTUUgICAgICAgICAgICAgICAgICAgICAgbW9kZWwgY2FjaGUg
KGRlZmF1bHQgfi8uY2FjaGUvaHVnZ2luZ2ZhY2UpCiAgICBBcmd1bWVudHMgZ2l2ZW4gdG8gYGFw
cHRhaW5lciBydW5gIGFyZSBwYXNzZWQgb24gdG8gdGhlIHNlcnZlciwgZS5nLiAtLWR0eXBlIGhh
bGYuCgolZW52aXJvbm1lbnQKICAgICMgRGVmYXVsdHMgb25seTogdmFsdWVzIGZyb20gdGhlIGhv
c3Qgb3IgZnJvbSAtLWVudiB3aW4uCiAgICBleHBvcnQgVkxMTV9NT0RFTD0iJHtWTExNX01PREVM
Oi1Rd2VuL1F3ZW4yLjUtMC41Qi1JbnN0cnVjdH0iCiAgICBleHBvcnQgVkxMTV9IT1NUPSIke1ZM
TE1fSE9TVDotMC4wLjAuMH0iCiAgICBleHBvcnQgVkxMTV9QT1JUPSIke1ZMTE1fUE9SVDotJHtI
UENfU0VSVklDRV9QT1JUOi04MDAwfX0iCiAgICBleHBvcnQgVkxMTV9NQVhfTU9ERUxfTEVOPSIk
e1ZMTE1fTUFYX01PREVMX0xFTjotMjA0OH0iCiAgICBleHBvcnQgVkxMTV9HUFVfTUVNT1JZX1VU
SUxJWkFUSU9OPSIke1ZMTE1fR1BVX01FTU9SWV9VVElMSVpBVElPTjotMC45fSIKICAgICMgTm8g
dXNhZ2Ugc3RhdGlzdGljcyBmcm9tIGNvbXB1dGUgbm9kZXMuCiAgICBleHBvcnQgVkxMTV9OT19V
U0FHRV9TVEFUUz0xCiAgICBleHBvcnQgRE9fTk9UX1RSQUNLPTEKCiVydW5zY3JpcHQKICAgIGV4
ZWMgcHl0aG9uMyAtbSB2bGxtLmVudHJ5cG9pbnRzLm9wZW5haS5hcGlfc2VydmVyIFwKICAgICAg
ICAtLW1vZGVsICIkVkxMTV9NT0RFTCIgXAogICAgICAgIC0taG9zdCAiJFZMTE1fSE9TVCIgXAog
ICAgICAgIC0tcG9ydCAiJFZMTE1fUE9SVCIgXAogICAgICAgIC0tbWF4LW1vZGVsLWxlbiAiJFZM
TE1fTUFYX01PREVMX0xFTiIgXAogICAgICAgIC0tZ3B1LW1lbW9yeS11dGlsaXphdGlvbiAiJFZM
TE1fR1BVX01FTU9SWV9VVElMSVpBVElPTiIgXAogICAgICAgICIkQCIKCiV0ZXN0CiAgICAjIENo
ZWNrcyB0aGF0IHZsbG0gaXMgaW5zdGFsbGVkIHdpdGhvdXQgaW1wb3J0aW5nIGl0IChhbiBpbXBv
cnQgbG9hZHMgdG9yY2ggYW5kIHByb2JlcyBmb3IgR1BVcykuCiAgICBweXRob24zIC1jICdpbXBv
cnQgaW1wb3J0bGliLnV0aWwsIHN5czsgc3lzLmV4aXQoaW1wb3J0bGliLnV0aWwuZmluZF9zcGVj
KCJ2bGxtIikgaXMgTm9uZSknCg==
HPC_DEFINITION
  mkdir -p "$(dirname "$HPC_IMAGE")"
  (
    flock 9
    if [ ! -e "$HPC_IMAGE" ]; then
      singularity build --fakeroot "$HPC_IMAGE.$SLURM_JOB_ID.partial" "$hpc_definition"
      mv -f "$HPC_IMAGE.$SLURM_JOB_ID.partial" "$HPC_IMAGE"
    fi
  ) 9>"$HPC_IMAGE.lock"
  rm -f "$hpc_definition"
fi

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec singularity exec --nv "$HPC_IMAGE" '/bin/sh' '-c' $'set -f\x0a# VLLM_EXTRA_ARGS is split into separate options on purpose (globbing is off).\x0a# shellcheck disable=SC2086\x0aexec python3 -m vllm.entrypoints.openai.api_server \\\x0a  --model "$VLLM_MODEL" \\\x0a  --host 0.0.0.0 \\\x0a  --port "$HPC_SERVICE_PORT" \\\x0a  --max-model-len "$VLLM_MAX_MODEL_LEN" \\\x0a  --gpu-memory-utilization "$VLLM_GPU_MEMORY_UTILIZATION" \\\x0a  ${VLLM_EXTRA_ARGS:-}\x0a'

#!/usr/bin/env bash
# Runs deploy/local-slurm/entrypoint.sh the way the local-slurm container runs it, on this Debian 12 machine
# instead of Docker: in private mount, network, UTS and PID namespaces, host name 'slurm' on its own address,
# with every path the entrypoint writes (/etc/slurm, /etc/munge, /etc/ssh, /run, hpcuser's home, munge's
# state) bound to a scratch folder, so the machine's own SLURM, munge and sshd are untouched. Then the server,
# configured by deploy/local-slurm/local-slurm.env as compose configures it, deploys the inference simulator,
# prompts it through the gateway, reads its output and cancels it. Prints 'CHECK <name> <value>' lines.
#
#   local-slurm-in-namespaces.sh REPO SCRATCH SERVER_JAR SIMULATOR_JAR
# Needs root, unshare, the Debian packages the image installs, and the users hpcuser, slurmrest and munge.
set -euo pipefail
REPO=$1 R=$2 SERVER_JAR=$3 SIMULATOR_JAR=$4
# Jobs run as hpcuser and write into the state folder: it must be able to get there.
chmod 755 "$R"
mkdir -p "$R"/{etc-slurm,etc-munge,etc-ssh,home-hpcuser,state,varlibmunge,varlogmunge,data}
cp -a /etc/ssh/. "$R/etc-ssh/"
# Like Docker's /etc/hosts: the container's name on its own (non-loopback) address.
printf '127.0.0.1 localhost\n10.99.0.1 slurm\n' >"$R/hosts"
export REPO R SERVER_JAR SIMULATOR_JAR

# shellcheck disable=SC2016 # expanded by the inner bash, inside the namespaces
exec unshare --mount --net --uts --pid --fork --kill-child --mount-proc bash -c '
  set -euo pipefail
  mount --make-rprivate /
  hostname slurm
  ip link set lo up
  ip link add v0 type veth peer name v1
  ip addr add 10.99.0.1/24 dev v0
  ip link set v1 up
  ip link set v0 up
  mount --bind "$R/etc-slurm" /etc/slurm
  mount --bind "$R/etc-munge" /etc/munge
  mount --bind "$R/etc-ssh" /etc/ssh
  mount --bind "$R/home-hpcuser" /home/hpcuser
  chown hpcuser:hpcuser /home/hpcuser
  mount --bind "$R/hosts" /etc/hosts
  mount --bind "$R/varlibmunge" /var/lib/munge
  mount --bind "$R/varlogmunge" /var/log/munge
  mount -t tmpfs tmpfs /run

  E=$REPO/deploy/local-slurm/entrypoint.sh
  export LOCAL_SLURM_STATE=$R/state LOCAL_SLURM_CLIENT_UID=0 LOCAL_SLURM_CLIENT_GID=0
  bash "$E" run >"$R/local-slurm.log" 2>&1 &
  for _ in $(seq 1 90); do timeout 10 bash "$E" health >/dev/null 2>&1 && break; sleep 1; done
  echo "CHECK health $(timeout 10 bash "$E" health || true)"
  echo "CHECK handed-out $(ls /run/hpc/local-slurm | tr "\n" " ")"
  echo "CHECK key-mode $(stat -c %a /run/hpc/local-slurm/id_ed25519)"

  set -a
  # shellcheck disable=SC1091
  . "$REPO/deploy/local-slurm/local-slurm.env"
  set +a
  export HPC_CLUSTER_PATHS_WORKDIR=$R/state/work HPC_DATA_DIR=$R/data HPC_RECIPES_ROOT=$REPO/recipes
  # Every call but health carries a token, as docs/security.md has users do.
  TOKEN=$(head -c 24 /dev/urandom | base64 | tr -d "+/=")
  export HPC_TOKENS="it admin $TOKEN"
  java "@$REPO/deploy/jvm/server-service.options" -jar "$SERVER_JAR" >"$R/server.log" 2>&1 &
  S=http://127.0.0.1:8001
  for _ in $(seq 1 180); do curl -fsS -m 2 $S/actuator/health 2>/dev/null | grep -q UP && break; sleep 1; done
  echo "CHECK nodes $(curl -s -H "Authorization: Bearer $TOKEN" $S/api/v1/cluster | jq -c "[.nodes[] | {name, address}]")"
  body=$(jq -n --arg jar "$SIMULATOR_JAR" "{recipe_name: \"inference/vllm-simulator\", config: {environment: {SIMULATOR_JAR: \$jar}}}")
  id=$(curl -s -H "Authorization: Bearer $TOKEN" -X POST $S/api/v1/services -H "Content-Type: application/json" -d "$body" | jq -r .id)
  status=
  for _ in $(seq 1 120); do
    status=$(curl -s -H "Authorization: Bearer $TOKEN" $S/api/v1/services/$id/status | jq -r .status)
    case $status in RUNNING | FAILED | CANCELLED | COMPLETED) break ;; esac
    sleep 1
  done
  echo "CHECK status $status"
  echo "CHECK endpoint $(curl -s -H "Authorization: Bearer $TOKEN" $S/api/v1/services/$id/status | jq -r .endpoint)"
  echo "CHECK prompt $(curl -s -H "Authorization: Bearer $TOKEN" -X POST $S/api/v1/vllm/$id/prompt -H "Content-Type: application/json" \
    -d "{\"prompt\": \"Hello\", \"max_tokens\": 8}" | jq -c "{success, completion_tokens: .usage.completion_tokens}")"
  echo "CHECK logs $(curl -s -H "Authorization: Bearer $TOKEN" -o /dev/null -w "%{http_code}" "$S/api/v1/services/$id/logs?tail=5")"
  curl -s -H "Authorization: Bearer $TOKEN" -X DELETE $S/api/v1/services/$id >/dev/null
  for _ in $(seq 1 30); do
    status=$(curl -s -H "Authorization: Bearer $TOKEN" $S/api/v1/services/$id/status | jq -r .status)
    [ "$status" = CANCELLED ] && break
    sleep 1
  done
  echo "CHECK cancelled $status"
'

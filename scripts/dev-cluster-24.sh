#!/usr/bin/env bash
# Slurm 24.11 beside the 22.05 dev cluster, for the REST API versions real
# sites run (v0.0.40 to v0.0.42): a Debian 13 root made with debootstrap, with
# its own munge, slurmctld (port 7817), slurmd (7818) and slurmrestd with JWT
# on 127.0.0.1:6821. Nothing is shared with the 22.05 cluster but the kernel.
#
#   dev-cluster-24.sh up       make the root if missing, start, wait until healthy
#   dev-cluster-24.sh down     stop what 'up' started, unmount (the root stays)
#   dev-cluster-24.sh status   show daemons and sinfo; non-zero when unhealthy
#   dev-cluster-24.sh env      print the settings tests use (KEY=VALUE)
#
# Runs as root. State lives in ${HPC_DEV_CLUSTER_24_DIR:-/var/lib/hpc-dev-cluster-24};
# the root is its 'root' folder. Jobs run inside the root; the work directory
# is bind-mounted at the same path inside, so tests read job output directly.
# Set HPC_DEBIAN_MIRROR to bootstrap from another mirror than apt's own.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE_DIR=${HPC_DEV_CLUSTER_24_DIR:-/var/lib/hpc-dev-cluster-24}
ROOT=$STATE_DIR/root
RUN_DIR=$STATE_DIR/run
WORK_DIR=$STATE_DIR/work
ENV_FILE=$STATE_DIR/cluster.env
JWT_FILE=$STATE_DIR/jwt
SUITE=trixie

TEST_USER=hpcuser
REST_USER=slurmrest
REST_PORT=6821
REST_API=v0.0.40
REST_APIS=v0.0.40,v0.0.41,v0.0.42
CTLD_PORT=7817
SLURMD_PORT=7818
PARTITION=debug
JWT_LIFESPAN=86400
JWT_RENEW_AFTER=43200

HOST_PACKAGES=(debootstrap curl jq util-linux)
ROOT_PACKAGES=(slurmctld slurmd slurmrestd slurm-client munge passwd)
# Bumped when ROOT_PACKAGES or the root's layout changes, so 'up' redoes the install step.
ROOT_MARK=.hpc-dev-cluster-24-v1

# shellcheck source=lib/dev-cluster-common.sh disable=SC1091
. "$SCRIPT_DIR/lib/dev-cluster-common.sh"
# shellcheck source=lib/dev-cluster-24-config.sh disable=SC1091
. "$SCRIPT_DIR/lib/dev-cluster-24-config.sh"

log() { printf '[dev-cluster-24 %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }

need_root() { [[ $(id -u) == 0 ]] || die "run as root"; }

take_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 900 9 || die "could not lock $STATE_DIR/.lock"
}

# in_root COMMAND...: runs COMMAND inside the root with a clean environment,
# so nothing of the host's Slurm setup (SLURM_CONF, SLURM_JWT) leaks in.
in_root() {
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}

# The mirror apt already uses on this machine, unless told otherwise.
debian_mirror() {
  local uri
  if [[ -n ${HPC_DEBIAN_MIRROR:-} ]]; then
    echo "$HPC_DEBIAN_MIRROR"
    return
  fi
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }' |
    grep -E '/debian/?$' | head -n1 || true)
  if [[ -z $uri ]]; then
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; break } }' |
      grep -E '/debian/?$' | head -n1 || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# ---------------------------------------------------------------- install --

ensure_host_packages() {
  local p missing=()
  for p in "${HOST_PACKAGES[@]}"; do
    # shellcheck disable=SC2016 # dpkg's format string, not a shell expansion
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true) == installed ]] || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  log "installing on the host: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } || die "apt-get failed"
}

# unmount_under DIR: every mount at or below DIR, deepest first.
unmount_under() {
  local dir=$1 target
  findmnt -rn -o TARGET | awk -v d="$dir" '$0 == d || index($0, d "/") == 1' | sort -r |
    while read -r target; do
      umount -l "$target" 2>/dev/null || log "could not unmount $target"
    done
}

ensure_rootfs() {
  local partial=$ROOT.partial mirror start=$SECONDS
  [[ -x $ROOT/usr/bin/env ]] && return 0
  mirror=$(debian_mirror)
  if [[ -e $partial ]]; then
    log "removing an interrupted bootstrap"
    unmount_under "$partial"
    rm -rf --one-file-system "$partial"
  fi
  log "bootstrapping Debian $SUITE into $ROOT from $mirror (a few minutes)"
  debootstrap --variant=minbase "$SUITE" "$partial" "$mirror" >"$STATE_DIR/debootstrap.log" 2>&1 ||
    die "debootstrap failed; see $STATE_DIR/debootstrap.log"
  unmount_under "$partial"
  mv "$partial" "$ROOT"
  log "bootstrapped in $((SECONDS - start))s"
}

ensure_root_packages() {
  local mark=$ROOT/$ROOT_MARK wanted extra=() policy=$ROOT/usr/sbin/policy-rc.d
  wanted=$(printf '%s\n' "${ROOT_PACKAGES[@]}")
  [[ -f $mark && $(<"$mark") == "$wanted" ]] && return 0
  log "installing Slurm 24.11 into the root"
  # Package scripts must not start daemons inside the root; this script does.
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
  in_root apt-get update -q >"$STATE_DIR/apt.log" 2>&1 || die "apt-get update in the root failed; see $STATE_DIR/apt.log"
  # Older Slurm packages put the JWT plugin in a package of its own.
  if in_root apt-cache show slurm-wlm-jwt-plugin >/dev/null 2>&1; then extra=(slurm-wlm-jwt-plugin); fi
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${ROOT_PACKAGES[@]}" "${extra[@]}" >>"$STATE_DIR/apt.log" 2>&1 ||
    die "apt-get install in the root failed; see $STATE_DIR/apt.log"
  in_root apt-get clean
  printf '%s\n' "$wanted" >"$mark"
}

ensure_root_users() {
  if ! in_root id -u "$REST_USER" >/dev/null 2>&1; then
    in_root useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$REST_USER"
  fi
  if ! in_root id -u "$TEST_USER" >/dev/null 2>&1; then
    in_root useradd --create-home --shell /bin/bash "$TEST_USER"
  fi
}

ensure_dirs() {
  install -d -m 755 "$STATE_DIR" "$RUN_DIR"
  install -d -m 1777 "$WORK_DIR"
  install -d -m 755 "$ROOT/run/slurm" "$ROOT/var/log/slurm" "$ROOT/var/spool/slurmctld" \
    "$ROOT/var/spool/slurmd" "$ROOT/etc/slurm"
  # Only created, never chmod-ed: once mounted it is the host's work directory.
  mkdir -p "$ROOT$WORK_DIR"
  in_root install -d -m 755 -o munge -g munge /run/munge /var/log/munge /var/lib/munge
}

# mount_once SOURCE TARGET OPTIONS...: idempotent; rbind mounts become slaves
# so unmounting them later cannot propagate back to the host.
mount_once() {
  local source=$1 target=$2
  shift 2
  mountpoint -q "$target" && return 0
  mount "$@" "$source" "$target"
  if [[ " $* " == *" --rbind "* ]]; then mount --make-rslave "$target"; fi
}

ensure_mounts() {
  mount_once proc "$ROOT/proc" -t proc
  mount_once /dev "$ROOT/dev" --rbind
  mount_once /sys "$ROOT/sys" --rbind
  mount_once "$WORK_DIR" "$ROOT$WORK_DIR" --bind
}

ensure_keys() {
  if [[ ! -s $ROOT/etc/munge/munge.key ]]; then
    log "creating the root's munge key"
    install -d -m 700 "$ROOT/etc/munge"
    dd if=/dev/urandom of="$ROOT/etc/munge/munge.key" bs=1024 count=1 status=none
  fi
  in_root chown munge:munge /etc/munge /etc/munge/munge.key
  chmod 700 "$ROOT/etc/munge"
  chmod 400 "$ROOT/etc/munge/munge.key"
  local jwt_key=$ROOT/var/spool/slurmctld/jwt_hs256.key
  if [[ ! -s $jwt_key ]]; then
    (umask 077 && dd if=/dev/urandom of="$jwt_key" bs=32 count=1 status=none)
  fi
  chmod 600 "$jwt_key"
}

# Returns 0 when any configuration file changed.
ensure_config() {
  local host cpus mem_mb changed=1
  host=$(hostname -s)
  cpus=$(nproc)
  mem_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
  # The 22.05 cluster already offers most of the memory; jobs here are small.
  mem_mb=$((mem_mb / 4 > 512 ? mem_mb / 4 : 512))
  render_slurm_conf_24 "$host" "$cpus" "$mem_mb" | write_if_changed "$ROOT/etc/slurm/slurm.conf" 644 && changed=0
  render_cgroup_conf_24 | write_if_changed "$ROOT/etc/slurm/cgroup.conf" 644 && changed=0
  render_hosts_24 "$host" | write_if_changed "$ROOT/etc/hosts" 644 || true
  return "$changed"
}

# ---------------------------------------------------------------- daemons --

pidfile() { echo "$ROOT/run/$1"; }

munge_ok() { in_root sh -c 'munge -n </dev/null | unmunge >/dev/null' 2>/dev/null; }

ensure_munged() {
  munge_ok && return 0
  log "starting munged (root's own socket)"
  local uid gid
  uid=$(in_root id -u munge)
  gid=$(in_root id -g munge)
  chroot --userspec="$uid:$gid" --groups="$gid" "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin \
    /usr/sbin/munged --force </dev/null >/dev/null 2>&1 9>&-
  wait_for 10 munged munge_ok || die "munged did not start; see $ROOT/var/log/munge/munged.log"
}

ctld_ok() {
  pid_alive "$(pidfile slurm/slurmctld.pid)" slurmctld && in_root scontrol ping 2>/dev/null | grep -q 'is UP'
}

ensure_slurmctld() {
  ctld_ok && return 0
  if ! pid_alive "$(pidfile slurm/slurmctld.pid)" slurmctld; then
    log "starting slurmctld on port $CTLD_PORT"
    in_root /usr/sbin/slurmctld </dev/null >>"$ROOT/var/log/slurm/slurmctld.stdout" 2>&1 9>&-
  fi
  wait_for 30 slurmctld ctld_ok || die "slurmctld did not come up; see $ROOT/var/log/slurm/slurmctld.log"
}

node_ready() {
  local state
  state=$(in_root sinfo -h -n "$(hostname -s)" -o '%T' 2>/dev/null | head -n1)
  [[ $state =~ ^(idle|mixed|allocated|completing)$ ]]
}

ensure_slurmd() {
  if ! pid_alive "$(pidfile slurm/slurmd.pid)" slurmd; then
    log "starting slurmd on port $SLURMD_PORT"
    in_root /usr/sbin/slurmd </dev/null >>"$ROOT/var/log/slurm/slurmd.stdout" 2>&1 9>&-
  fi
  wait_for 20 "the node to become idle" node_ready && return 0
  in_root scontrol update NodeName="$(hostname -s)" State=RESUME 2>/dev/null || true
  wait_for 30 "the node to become idle" node_ready || {
    in_root sinfo -N -l >&2 || true
    die "node not ready; see $ROOT/var/log/slurm/slurmd.log and slurmctld.log"
  }
}

ensure_token() {
  local key=$ROOT/var/spool/slurmctld/jwt_hs256.key age=$JWT_RENEW_AFTER out
  if [[ -s $JWT_FILE ]]; then age=$(($(date +%s) - $(stat -c %Y "$JWT_FILE"))); fi
  if [[ -s $JWT_FILE && $age -lt $JWT_RENEW_AFTER && ! $key -nt $JWT_FILE && ${1:-} != force ]]; then
    return 0
  fi
  out=$(in_root scontrol token username="$TEST_USER" lifespan="$JWT_LIFESPAN")
  [[ $out == SLURM_JWT=* ]] || die "scontrol token printed: $out"
  (umask 077 && printf '%s\n' "${out#SLURM_JWT=}" >"$JWT_FILE.tmp")
  mv -f "$JWT_FILE.tmp" "$JWT_FILE"
}

rest_ok() {
  local jwt api
  jwt=$(<"$JWT_FILE")
  for api in ${REST_APIS//,/ }; do
    curl -fsS -m 5 -H "X-SLURM-USER-NAME: $TEST_USER" -H "X-SLURM-USER-TOKEN: $jwt" \
      "http://127.0.0.1:$REST_PORT/slurm/$api/ping" 2>/dev/null |
      jq -e '(.errors | length) == 0 and (.pings | length) > 0' >/dev/null || return 1
  done
}

ensure_slurmrestd() {
  local pf=$RUN_DIR/slurmrestd.pid uid gid pid
  if ! pid_alive "$pf" slurmrestd; then
    log "starting slurmrestd on 127.0.0.1:$REST_PORT ($REST_APIS)"
    uid=$(in_root id -u "$REST_USER")
    gid=$(in_root id -g "$REST_USER")
    # slurmrestd refuses to run as root; SLURM_JWT=daemon makes it pass the
    # callers' tokens on. 24.11 names the data parsers with -d.
    setsid chroot --userspec="$uid:$gid" --groups="$gid" "$ROOT" /usr/bin/env -i \
      PATH=/usr/sbin:/usr/bin SLURM_JWT=daemon \
      /usr/sbin/slurmrestd -a rest_auth/jwt -s openapi/slurmctld -d "$REST_APIS" "127.0.0.1:$REST_PORT" \
      </dev/null >>"$ROOT/var/log/slurm/slurmrestd.log" 2>&1 9>&- &
    echo $! >"$pf"
    sleep 0.3
    if ! pid_alive "$pf" slurmrestd; then
      pid=$(pgrep -n -f "^/usr/sbin/slurmrestd .*127\.0\.0\.1:$REST_PORT\$" || true)
      [[ -n $pid ]] || die "slurmrestd exited; see $ROOT/var/log/slurm/slurmrestd.log"
      echo "$pid" >"$pf"
    fi
  fi
  if ! wait_for 15 "slurmrestd ping" rest_ok; then
    ensure_token force
    wait_for 10 "slurmrestd ping" rest_ok || die "slurmrestd does not answer; see $ROOT/var/log/slurm/slurmrestd.log"
  fi
}

stop_slurm() {
  stop_pidfile "$RUN_DIR/slurmrestd.pid" slurmrestd
  stop_pidfile "$(pidfile slurm/slurmd.pid)" slurmd
  stop_pidfile "$(pidfile slurm/slurmctld.pid)" slurmctld 30
}

cancel_all_jobs() {
  ctld_ok || return 0
  local ids
  ids=$(in_root squeue -h -o '%i' 2>/dev/null || true)
  [[ -n $ids ]] || return 0
  log "cancelling jobs: $(echo "$ids" | tr '\n' ' ')"
  # shellcheck disable=SC2086 # one job id per word
  in_root scancel $ids 2>/dev/null || true
  wait_for 30 "jobs to end" no_jobs || true
}

no_jobs() { [[ -z $(in_root squeue -h -o '%i' 2>/dev/null) ]]; }

render_env() {
  cat <<EOF
SLURM_REST_URL=http://127.0.0.1:$REST_PORT
SLURM_REST_API_VERSION=$REST_API
SLURM_REST_API_VERSIONS=$REST_APIS
SLURM_USER_NAME=$TEST_USER
SLURM_JWT=$(<"$JWT_FILE")
SLURM_JWT_FILE=$JWT_FILE
SLURM_PARTITION=$PARTITION
HPC_WORK_DIR=$WORK_DIR
HPC_DEV_CLUSTER_ROOT=$ROOT
EOF
}

# ---------------------------------------------------------------- commands -

cmd_up() {
  local start=$SECONDS unclean=0
  need_root
  take_lock
  ensure_host_packages
  mkdir -p "$STATE_DIR"
  ensure_rootfs
  ensure_mounts_early
  ensure_root_packages
  ensure_root_users
  ensure_dirs
  ensure_mounts
  ensure_keys
  # Recorded as up but slurmctld is gone: killed without 'down'. Its saved
  # jobs would be requeued; tests want an empty cluster instead.
  if [[ -e $RUN_DIR/up ]] && ! pid_alive "$(pidfile slurm/slurmctld.pid)" slurmctld; then unclean=1; fi
  if ensure_config && [[ -e $RUN_DIR/up ]]; then
    log "configuration changed; restarting Slurm"
    cancel_all_jobs
    stop_slurm
  fi
  touch "$RUN_DIR/up"
  ensure_munged
  ensure_slurmctld
  ensure_slurmd
  if ((unclean)); then
    cancel_all_jobs
    wait_for 30 "the node to become idle" node_ready || true
  fi
  ensure_token
  ensure_slurmrestd
  render_env | write_if_changed "$ENV_FILE" 600 || true
  log "Slurm $(in_root slurmctld -V | awk '{print $2}') up in $((SECONDS - start))s; settings in $ENV_FILE"
}

# apt inside the root needs /proc and /dev before the rest of the layout exists.
ensure_mounts_early() {
  mount_once proc "$ROOT/proc" -t proc
  mount_once /dev "$ROOT/dev" --rbind
}

cmd_down() {
  need_root
  take_lock
  if [[ -x $ROOT/usr/bin/env ]] && mountpoint -q "$ROOT/proc"; then
    cancel_all_jobs
    stop_slurm
    stop_pidfile "$ROOT/run/munge/munged.pid" munged
  fi
  unmount_under "$ROOT"
  rm -f "$RUN_DIR/up" "$ENV_FILE"
  log "cluster down (the root stays in $ROOT)"
}

health() {
  local bad=0
  munge_ok || { echo "unhealthy: munge does not work in the root"; bad=1; }
  ctld_ok || { echo "unhealthy: slurmctld not running or not answering"; bad=1; }
  pid_alive "$(pidfile slurm/slurmd.pid)" slurmd || { echo "unhealthy: slurmd not running"; bad=1; }
  ((bad)) || node_ready || { echo "unhealthy: node not idle/mixed/allocated"; bad=1; }
  if ! [[ -s $JWT_FILE ]] || ! rest_ok; then echo "unhealthy: slurmrestd ping failed"; bad=1; fi
  [[ -s $ENV_FILE ]] || { echo "unhealthy: $ENV_FILE missing"; bad=1; }
  mountpoint -q "$ROOT$WORK_DIR" || { echo "unhealthy: $WORK_DIR not mounted in the root"; bad=1; }
  return "$bad"
}

cmd_status() {
  local f
  if [[ ! -e $RUN_DIR/up ]] || ! mountpoint -q "$ROOT/proc"; then
    echo "cluster is down"
    return 1
  fi
  echo "state: $STATE_DIR   root: $ROOT"
  for f in munge/munged slurm/slurmctld slurm/slurmd; do
    if pid_alive "$ROOT/run/$f.pid" "${f#*/}"; then
      printf '  %-12s running (pid %s)\n' "${f#*/}" "$(<"$ROOT/run/$f.pid")"
    else
      printf '  %-12s not running\n' "${f#*/}"
    fi
  done
  if pid_alive "$RUN_DIR/slurmrestd.pid" slurmrestd; then
    printf '  %-12s running (pid %s)\n' slurmrestd "$(<"$RUN_DIR/slurmrestd.pid")"
  else
    printf '  %-12s not running\n' slurmrestd
  fi
  echo
  in_root sinfo 2>&1 || true
  echo
  echo "jobs in queue: $(in_root squeue -h 2>/dev/null | wc -l)"
  if health; then echo "healthy"; else return 1; fi
}

cmd_env() {
  [[ -s $ENV_FILE ]] || die "no $ENV_FILE: run '$0 up' first"
  cat "$ENV_FILE"
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"

#!/usr/bin/env bash
# A real local SLURM 22.05 cluster for tests and demos: munge, slurmctld, one
# slurmd per node (nodes in network namespaces for --nodes 2), slurmrestd with
# JWT on 127.0.0.1:6820 and an sshd on 127.0.0.1:2222 for an unprivileged user.
#
#   dev-cluster.sh up [--nodes 1|2]   install what is missing, start, wait until healthy
#   dev-cluster.sh down               stop what 'up' started, remove namespaces
#   dev-cluster.sh status             show daemons and sinfo; non-zero when unhealthy
#   dev-cluster.sh env                print the settings tests use (KEY=VALUE)
#   dev-cluster.sh logs [LINES]       tail the daemon logs
#   dev-cluster.sh selftest           submit real jobs (root, ssh, REST, charliecloud)
#
# Runs as root. State lives in ${HPC_DEV_CLUSTER_DIR:-/var/lib/hpc-dev-cluster}.
#
# Notes for tests using the settings:
# - Do not export SLURM_JWT into the environment of sbatch/squeue/scontrol:
#   Slurm clients then authenticate with that token (as hpcuser) instead of
#   munge, and root's sbatch fails with "Invalid user id".
# - ch-run works as root and as hpcuser, but refuses to start without USER.
#   Slurm passes the submitter's environment to the job, so set USER in the
#   job script (export USER=${USER:-$(id -un)}) or in the REST environment.
# - A bad token makes slurmrestd 22.05 answer 500, a missing one 401.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE_DIR=${HPC_DEV_CLUSTER_DIR:-/var/lib/hpc-dev-cluster}
RUN_DIR=$STATE_DIR/run
LOG_DIR=$STATE_DIR/log
SPOOL_DIR=$STATE_DIR/spool
SSH_DIR=$STATE_DIR/ssh
WORK_DIR=$STATE_DIR/work
IMAGES_DIR=$STATE_DIR/images
CH_TEST_IMAGE=$IMAGES_DIR/busybox
ENV_FILE=$STATE_DIR/cluster.env
JWT_FILE=$STATE_DIR/jwt
SLURM_CONF=/etc/slurm/slurm.conf
BUSYBOX=/bin/busybox

TEST_USER=hpcuser
REST_USER=slurmrest
REST_PORT=6820
REST_API=v0.0.38
SSH_PORT=2222
PARTITION=debug
NET_PREFIX=10.77
HOSTS_MARK=hpc-dev-cluster
# Renewed well before the 24 h lifespan runs out, so a token read from
# cluster.env stays usable for a whole test run.
JWT_LIFESPAN=86400
JWT_RENEW_AFTER=43200

PACKAGES=(slurm-wlm slurm-wlm-jwt-plugin slurmrestd munge openssh-server openssh-client charliecloud-runtime
  busybox-static shellcheck iproute2 curl jq util-linux procps)

# Plain 'shellcheck' does not follow sources (SC1091); 'shellcheck -x' does.
# shellcheck source=lib/dev-cluster-common.sh disable=SC1091
. "$SCRIPT_DIR/lib/dev-cluster-common.sh"
# shellcheck source=lib/dev-cluster-config.sh disable=SC1091
. "$SCRIPT_DIR/lib/dev-cluster-config.sh"

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

need_root() { [[ $(id -u) == 0 ]] || die "run as root"; }

# Serialises up/down: tests of several modules may call 'up' at the same time.
take_lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 600 9 || die "could not lock $STATE_DIR/.lock"
}

# ---------------------------------------------------------------- install --

ensure_packages() {
  local p missing=() own_policy=0
  for p in "${PACKAGES[@]}"; do
    # shellcheck disable=SC2016 # dpkg's format string, not a shell expansion
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true) == installed ]] || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  log "installing: ${missing[*]}"
  # Package scripts must not start munge/slurm/ssh services of their own.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    own_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local rc=0
  { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } || rc=$?
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || die "apt-get failed ($rc)"
}

ensure_users() {
  if ! id -u "$REST_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$REST_USER"
  fi
  if ! id -u "$TEST_USER" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash "$TEST_USER"
  fi
  # sshd without PAM treats a password field starting with '!' (useradd's
  # default) as a locked account and refuses even key logins; '*' means
  # "no password" without the lock.
  if [[ $(getent shadow "$TEST_USER" | cut -d: -f2) == '!'* ]]; then
    usermod -p '*' "$TEST_USER"
  fi
}

ensure_dirs() {
  install -d -m 755 "$STATE_DIR" "$RUN_DIR" "$LOG_DIR" "$SPOOL_DIR" "$SPOOL_DIR/slurmctld" \
    "$IMAGES_DIR" "$SSH_DIR" /etc/slurm
  # Jobs of root and of hpcuser write their output here.
  install -d -m 1777 "$WORK_DIR"
  install -d -m 755 -o munge -g munge /run/munge
  # sshd's privilege separation directory (normally made by its init script).
  install -d -m 755 /run/sshd
}

ensure_keys() {
  if [[ ! -s /etc/munge/munge.key ]]; then
    log "creating munge key"
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key

  local jwt_key=$SPOOL_DIR/slurmctld/jwt_hs256.key
  if [[ ! -s $jwt_key ]]; then
    (umask 077 && dd if=/dev/urandom of="$jwt_key" bs=32 count=1 status=none)
  fi
  chmod 600 "$jwt_key"

  if [[ ! -s $SSH_DIR/ssh_host_ed25519_key ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "hpc-dev-cluster host key" -f "$SSH_DIR/ssh_host_ed25519_key"
  fi
  if [[ ! -s $SSH_DIR/id_ed25519 ]]; then
    ssh-keygen -q -t ed25519 -N '' -C "$TEST_USER@hpc-dev-cluster" -f "$SSH_DIR/id_ed25519"
  fi
  chmod 600 "$SSH_DIR/ssh_host_ed25519_key" "$SSH_DIR/id_ed25519"
  printf '[127.0.0.1]:%s %s\n' "$SSH_PORT" "$(cut -d' ' -f1,2 "$SSH_DIR/ssh_host_ed25519_key.pub")" |
    write_if_changed "$SSH_DIR/known_hosts" 644 || true

  local home pub
  home=$(getent passwd "$TEST_USER" | cut -d: -f6)
  pub=$(<"$SSH_DIR/id_ed25519.pub")
  install -d -m 700 -o "$TEST_USER" -g "$TEST_USER" "$home/.ssh"
  touch "$home/.ssh/authorized_keys"
  grep -qxF "$pub" "$home/.ssh/authorized_keys" || printf '%s\n' "$pub" >>"$home/.ssh/authorized_keys"
  chown "$TEST_USER:$TEST_USER" "$home/.ssh/authorized_keys"
  chmod 600 "$home/.ssh/authorized_keys"
}

# A Charliecloud directory image made from busybox-static alone (no downloads).
ensure_image() {
  local marker=$CH_TEST_IMAGE/.hpc-dev-cluster-image-v1 tmp applet
  if [[ -f $marker && -x $CH_TEST_IMAGE/bin/busybox ]] && cmp -s "$BUSYBOX" "$CH_TEST_IMAGE/bin/busybox"; then
    return 0
  fi
  log "building Charliecloud test image $CH_TEST_IMAGE"
  tmp=$(mktemp -d "$IMAGES_DIR/.busybox.XXXXXX")
  mkdir -p "$tmp"/{bin,dev,proc,sys,tmp,etc,home,mnt,root,run,opt,srv,var/tmp,usr}
  # ch-run binds the host's /etc/passwd, /etc/group, /etc/hosts and
  # /etc/resolv.conf over these, so they must exist as files.
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$tmp/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/etc/group"
  printf '127.0.0.1 localhost\n' >"$tmp/etc/hosts"
  : >"$tmp/etc/resolv.conf"
  cp "$BUSYBOX" "$tmp/bin/busybox"
  for applet in $("$BUSYBOX" --list); do
    [[ $applet == busybox ]] || ln -s busybox "$tmp/bin/$applet"
  done
  # Merged-/usr layout so both /bin/sh and /usr/bin/env resolve.
  ln -s bin "$tmp/sbin"
  ln -s ../bin "$tmp/usr/bin"
  ln -s ../bin "$tmp/usr/sbin"
  chmod 1777 "$tmp/tmp" "$tmp/var/tmp"
  chmod 755 "$tmp"
  touch "$tmp/.hpc-dev-cluster-image-v1"
  rm -rf "$CH_TEST_IMAGE"
  mv "$tmp" "$CH_TEST_IMAGE"
}

# ---------------------------------------------------------------- network --

node_names() {
  if [[ $1 == 1 ]]; then hostname -s; else printf 'node1\nnode2\n'; fi
}

# Node i (1 or 2) lives in netns n<i>: host side 10.77.<i-1>.1/24 on veth
# hpcv-n<i>, node side 10.77.<i-1>.1<i> on eth0 inside.
netns_ok() {
  local i=$1 net=$NET_PREFIX.$(($1 - 1))
  [[ -e /var/run/netns/n$i ]] &&
    ip -4 -o addr show dev "hpcv-n$i" 2>/dev/null | grep -q " $net.1/24 " &&
    ip -n "n$i" -4 -o addr show dev eth0 2>/dev/null | grep -q " $net.1$i/24 " &&
    ip -n "n$i" route show default 2>/dev/null | grep -q "via $net.1"
}

netns_del() {
  local i=$1
  if ip link show "hpcv-n$i" >/dev/null 2>&1; then ip link del "hpcv-n$i"; fi
  if [[ -e /var/run/netns/n$i ]]; then ip netns del "n$i"; fi
}

ensure_netns() {
  local i net
  if [[ ! -e $RUN_DIR/ip_forward.orig ]]; then
    cat /proc/sys/net/ipv4/ip_forward >"$RUN_DIR/ip_forward.orig"
  fi
  # node1 <-> node2 traffic (srun step I/O, services) is routed by the host.
  echo 1 >/proc/sys/net/ipv4/ip_forward
  for i in 1 2; do
    netns_ok "$i" && continue
    net=$NET_PREFIX.$((i - 1))
    log "creating network namespace n$i ($net.1$i)"
    netns_del "$i"
    ip netns add "n$i"
    ip link add "hpcv-n$i" type veth peer name eth0 netns "n$i"
    ip addr add "$net.1/24" dev "hpcv-n$i"
    ip link set "hpcv-n$i" up
    ip -n "n$i" link set lo up
    ip -n "n$i" addr add "$net.1$i/24" dev eth0
    ip -n "n$i" link set eth0 up
    ip -n "n$i" route add default via "$net.1"
  done
  set_hosts_block "$NET_PREFIX.0.11 node1" "$NET_PREFIX.1.12 node2"
}

teardown_netns() {
  netns_del 1
  netns_del 2
  set_hosts_block
  if [[ -s $RUN_DIR/ip_forward.orig ]]; then
    cat "$RUN_DIR/ip_forward.orig" >/proc/sys/net/ipv4/ip_forward
    rm -f "$RUN_DIR/ip_forward.orig"
  fi
}

# set_hosts_block [LINE...]: node names must resolve to node addresses (jobs
# look up their own host name); rewrites /etc/hosts in place, since it may be
# a bind mount.
set_hosts_block() {
  local rest
  rest=$(sed "/^# BEGIN $HOSTS_MARK\$/,/^# END $HOSTS_MARK\$/d" /etc/hosts)
  {
    printf '%s\n' "$rest"
    if (($#)); then
      printf '# BEGIN %s\n' "$HOSTS_MARK"
      printf '%s\n' "$@"
      printf '# END %s\n' "$HOSTS_MARK"
    fi
  } >"$RUN_DIR/hosts.new"
  cmp -s "$RUN_DIR/hosts.new" /etc/hosts || cat "$RUN_DIR/hosts.new" >/etc/hosts
  rm -f "$RUN_DIR/hosts.new"
}

# ---------------------------------------------------------------- daemons --

munge_ok() { munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; }

ensure_munged() {
  munge_ok && return 0
  log "starting munged"
  install -m 600 -o munge -g munge /dev/null "$LOG_DIR/munged.log.tmp"
  [[ -e $LOG_DIR/munged.log ]] || mv "$LOG_DIR/munged.log.tmp" "$LOG_DIR/munged.log"
  rm -f "$LOG_DIR/munged.log.tmp"
  chown munge:munge "$LOG_DIR/munged.log"
  # --force: a munged killed without cleanup (e.g. at the end of a CI run)
  # leaves its socket and lock behind, which would otherwise stop it here.
  setpriv --reuid=munge --regid=munge --init-groups \
    /usr/sbin/munged --force --log-file="$LOG_DIR/munged.log" </dev/null >/dev/null 2>&1 9>&-
  wait_for 10 munged munge_ok || die "munged did not start; see $LOG_DIR/munged.log"
  cp /run/munge/munged.pid "$RUN_DIR/munged.pid"
}

ctld_ok() { pid_alive "$RUN_DIR/slurmctld.pid" slurmctld && scontrol ping 2>/dev/null | grep -q 'is UP'; }

ensure_slurmctld() {
  ctld_ok && return 0
  pid_alive "$RUN_DIR/slurmctld.pid" slurmctld || {
    log "starting slurmctld"
    /usr/sbin/slurmctld </dev/null >>"$LOG_DIR/slurmctld.stdout" 2>&1 9>&-
  }
  wait_for 30 slurmctld ctld_ok || die "slurmctld did not come up; see $LOG_DIR/slurmctld.log"
}

start_slurmd() {
  local nodes=$1 node=$2
  pid_alive "$RUN_DIR/slurmd-$node.pid" slurmd && return 0
  log "starting slurmd for $node"
  if [[ $nodes == 1 ]]; then
    /usr/sbin/slurmd -N "$node" </dev/null >>"$LOG_DIR/slurmd-$node.stdout" 2>&1 9>&-
  else
    # nsenter rather than 'ip netns exec', which remounts /sys and breaks
    # slurmd. The own UTS namespace gives each node its own host name.
    # shellcheck disable=SC2016 # expanded by the inner shell
    unshare --uts -- /bin/sh -c 'hostname "$1" && exec nsenter --net="/var/run/netns/$2" /usr/sbin/slurmd -N "$1"' \
      sh "$node" "n${node#node}" </dev/null >>"$LOG_DIR/slurmd-$node.stdout" 2>&1 9>&-
  fi
}

# Usable node states: idle, or busy with jobs (after a warm 'up').
nodes_ready() {
  local nodes=$1 node state
  for node in $(node_names "$nodes"); do
    state=$(sinfo -h -n "$node" -o '%T' 2>/dev/null | head -n1)
    [[ $state =~ ^(idle|mixed|allocated|completing)$ ]] || return 1
  done
}

ensure_slurmds() {
  local nodes=$1 node
  for node in $(node_names "$nodes"); do
    install -d -m 755 "$SPOOL_DIR/slurmd-$node"
    start_slurmd "$nodes" "$node"
  done
  wait_for 20 "nodes to become idle" nodes_ready "$nodes" && return 0
  # A node drained by an earlier configuration (e.g. more memory than now)
  # stays drained across restarts; this configuration is known to fit.
  for node in $(node_names "$nodes"); do
    scontrol update NodeName="$node" State=RESUME 2>/dev/null || true
  done
  wait_for 30 "nodes to become idle" nodes_ready "$nodes" || {
    sinfo -N -l >&2 || true
    die "nodes not ready; see $LOG_DIR/slurmd-*.log and slurmctld.log"
  }
}

ensure_token() {
  local key=$SPOOL_DIR/slurmctld/jwt_hs256.key age=$JWT_RENEW_AFTER out
  if [[ -s $JWT_FILE ]]; then age=$(($(date +%s) - $(stat -c %Y "$JWT_FILE"))); fi
  if [[ -s $JWT_FILE && $age -lt $JWT_RENEW_AFTER && ! $key -nt $JWT_FILE && ${1:-} != force ]]; then
    return 0
  fi
  out=$(scontrol token username="$TEST_USER" lifespan="$JWT_LIFESPAN")
  [[ $out == SLURM_JWT=* ]] || die "scontrol token printed: $out"
  (umask 077 && printf '%s\n' "${out#SLURM_JWT=}" >"$JWT_FILE.tmp")
  mv -f "$JWT_FILE.tmp" "$JWT_FILE"
  chmod 600 "$JWT_FILE"
}

rest_ok() {
  local jwt
  jwt=$(<"$JWT_FILE")
  curl -fsS -m 5 -H "X-SLURM-USER-NAME: $TEST_USER" -H "X-SLURM-USER-TOKEN: $jwt" \
    "http://127.0.0.1:$REST_PORT/slurm/$REST_API/ping" 2>/dev/null |
    jq -e '(.errors | length) == 0 and (.pings | length) > 0' >/dev/null
}

ensure_slurmrestd() {
  local pid
  if ! pid_alive "$RUN_DIR/slurmrestd.pid" slurmrestd; then
    log "starting slurmrestd on 127.0.0.1:$REST_PORT"
    # slurmrestd refuses to run as root; SLURM_JWT=daemon makes it use the
    # callers' tokens. Only v0.0.38: the dbv0.0.3x plugins need slurmdbd.
    setsid setpriv --reuid="$REST_USER" --regid="$REST_USER" --init-groups \
      env -i PATH=/usr/sbin:/usr/bin:/bin SLURM_JWT=daemon \
      /usr/sbin/slurmrestd -a rest_auth/jwt -s "openapi/$REST_API" "127.0.0.1:$REST_PORT" \
      </dev/null >>"$LOG_DIR/slurmrestd.log" 2>&1 9>&- &
    echo $! >"$RUN_DIR/slurmrestd.pid"
    sleep 0.3
    if ! pid_alive "$RUN_DIR/slurmrestd.pid" slurmrestd; then
      pid=$(pgrep -n -x -u "$REST_USER" slurmrestd || true)
      [[ -n $pid ]] || die "slurmrestd exited; see $LOG_DIR/slurmrestd.log"
      echo "$pid" >"$RUN_DIR/slurmrestd.pid"
    fi
  fi
  if ! wait_for 15 "slurmrestd ping" rest_ok; then
    ensure_token force
    wait_for 10 "slurmrestd ping" rest_ok || die "slurmrestd does not answer; see $LOG_DIR/slurmrestd.log"
  fi
}

ssh_cmd() {
  ssh -F /dev/null -p "$SSH_PORT" -i "$SSH_DIR/id_ed25519" -o IdentitiesOnly=yes -o BatchMode=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$SSH_DIR/known_hosts" -o ConnectTimeout=5 \
    -o LogLevel=ERROR "$TEST_USER@127.0.0.1" "$@"
}

ssh_ok() { ssh_cmd sinfo </dev/null >/dev/null 2>&1; }

ensure_sshd() {
  local changed=0
  render_sshd_config | write_if_changed "$SSH_DIR/sshd_config" 644 && changed=1
  /usr/sbin/sshd -t -f "$SSH_DIR/sshd_config" || die "invalid $SSH_DIR/sshd_config"
  if ((changed)); then stop_pidfile "$RUN_DIR/sshd.pid" sshd; fi
  if ! pid_alive "$RUN_DIR/sshd.pid" sshd; then
    log "starting sshd on 127.0.0.1:$SSH_PORT"
    # sshd re-executes itself, so it needs its absolute path.
    /usr/sbin/sshd -f "$SSH_DIR/sshd_config" -E "$LOG_DIR/sshd.log" </dev/null 9>&-
  fi
  wait_for 15 "ssh login as $TEST_USER" ssh_ok || die "ssh login fails; see $LOG_DIR/sshd.log"
}

stop_slurm() {
  local f
  stop_pidfile "$RUN_DIR/slurmrestd.pid" slurmrestd
  for f in "$RUN_DIR"/slurmd-*.pid; do
    [[ -e $f ]] && stop_pidfile "$f" slurmd
  done
  stop_pidfile "$RUN_DIR/slurmctld.pid" slurmctld 30
}

# Jobs would outlive slurmd (slurmstepd keeps running) and, in the two-node
# mode, their namespaces; end them while slurmctld can still do it.
cancel_all_jobs() {
  ctld_ok || return 0
  local ids
  ids=$(squeue -h -o '%i' 2>/dev/null || true)
  [[ -n $ids ]] || return 0
  log "cancelling jobs: $(echo "$ids" | tr '\n' ' ')"
  # shellcheck disable=SC2086 # one job id per word
  scancel $ids 2>/dev/null || true
  # shellcheck disable=SC2016 # expanded by the inner bash
  wait_for 30 "jobs to end" bash -c '[[ -z $(squeue -h -o %i) ]]' || true
}

# ---------------------------------------------------------------- env ------

render_env() {
  local nodes=$1
  cat <<EOF
HPC_DEV_CLUSTER_NODES=$nodes
SLURM_REST_URL=http://127.0.0.1:$REST_PORT
SLURM_REST_API_VERSION=$REST_API
SLURM_USER_NAME=$TEST_USER
SLURM_JWT=$(<"$JWT_FILE")
SLURM_JWT_FILE=$JWT_FILE
SSH_HOST=127.0.0.1
SSH_PORT=$SSH_PORT
SSH_USER=$TEST_USER
SSH_KEY=$SSH_DIR/id_ed25519
SSH_KNOWN_HOSTS=$SSH_DIR/known_hosts
SLURM_PARTITION=$PARTITION
HPC_WORK_DIR=$WORK_DIR
HPC_IMAGES_DIR=$IMAGES_DIR
CH_TEST_IMAGE=$CH_TEST_IMAGE
BUSYBOX=$BUSYBOX
EOF
}

# ---------------------------------------------------------------- commands -

cmd_up() {
  local nodes=1 start=$SECONDS
  while (($#)); do
    case $1 in
      --nodes) nodes=${2:-}; shift 2 || die "--nodes needs a value" ;;
      --nodes=*) nodes=${1#--nodes=}; shift ;;
      *) die "unknown option for up: $1" ;;
    esac
  done
  [[ $nodes == 1 || $nodes == 2 ]] || die "--nodes must be 1 or 2"
  need_root
  take_lock

  ensure_packages
  ensure_users
  ensure_dirs
  ensure_keys
  ensure_image

  local cpus mem_mb usable_mb running_nodes
  cpus=$(nproc)
  mem_mb=$(awk '/^MemTotal:/ { print int($2 / 1024) }' /proc/meminfo)
  # Leave the OS and the test JVMs a tenth (at least 1 GiB); slurmd drains a
  # node whose configured memory exceeds what it measures.
  usable_mb=$((mem_mb - (mem_mb / 10 > 1024 ? mem_mb / 10 : 1024)))
  if [[ $nodes == 2 ]]; then
    # Two nodes share one machine: each gets half, so the sum stays real.
    cpus=$((cpus > 1 ? cpus / 2 : 1))
    usable_mb=$((usable_mb / 2))
  fi
  running_nodes=$(cat "$RUN_DIR/nodes" 2>/dev/null || true)
  # Recorded as up but slurmctld is gone: everything was killed without
  # 'down' (as happens between a session and its CI run). slurmctld would
  # requeue and rerun the old jobs; tests want an empty cluster instead.
  local unclean=0
  if [[ -n $running_nodes ]] && ! pid_alive "$RUN_DIR/slurmctld.pid" slurmctld; then unclean=1; fi

  if [[ -f $SLURM_CONF ]] && ! grep -q '^# Generated by scripts/dev-cluster.sh' "$SLURM_CONF" &&
    [[ ! -e $SLURM_CONF.before-dev-cluster ]]; then
    cp -p "$SLURM_CONF" "$SLURM_CONF.before-dev-cluster"
  fi
  if render_slurm_conf "$nodes" "$cpus" "$usable_mb" | write_if_changed "$SLURM_CONF" 644 ||
    [[ $running_nodes != "$nodes" ]]; then
    if [[ -n $running_nodes && $running_nodes != "$nodes" ]]; then
      log "switching from $running_nodes to $nodes node(s); restarting SLURM daemons"
    elif [[ -n $running_nodes ]]; then
      log "slurm.conf changed; restarting SLURM daemons"
    fi
    cancel_all_jobs
    stop_slurm
    # slurmds of the other mode may still run from an unrecorded start.
    [[ $nodes == 2 ]] || teardown_netns
  fi
  echo "$nodes" >"$RUN_DIR/nodes"
  [[ $nodes == 1 ]] || ensure_netns

  ensure_munged
  ensure_slurmctld
  ensure_slurmds "$nodes"
  if ((unclean)); then
    cancel_all_jobs
    wait_for 30 "nodes to become idle" nodes_ready "$nodes" || true
  fi
  ensure_token
  ensure_slurmrestd
  ensure_sshd

  render_env "$nodes" | write_if_changed "$ENV_FILE" 600 || true
  log "cluster up with $nodes node(s) in $((SECONDS - start))s; settings in $ENV_FILE"
}

cmd_down() {
  need_root
  take_lock
  cancel_all_jobs
  stop_slurm
  stop_pidfile "$RUN_DIR/sshd.pid" sshd
  # Only a munged this script started; one run by the system stays.
  stop_pidfile "$RUN_DIR/munged.pid" munged
  teardown_netns
  rm -f "$RUN_DIR/nodes" "$ENV_FILE"
  log "cluster down"
}

# Prints findings; returns non-zero when anything is wrong.
health() {
  local nodes=$1 bad=0 f name
  munge_ok || { echo "unhealthy: munge does not work"; bad=1; }
  ctld_ok || { echo "unhealthy: slurmctld not running or not answering"; bad=1; }
  for name in $(node_names "$nodes"); do
    pid_alive "$RUN_DIR/slurmd-$name.pid" slurmd || { echo "unhealthy: slurmd for $name not running"; bad=1; }
  done
  ((bad)) || nodes_ready "$nodes" || { echo "unhealthy: node(s) not idle/mixed/allocated"; bad=1; }
  if ! [[ -s $JWT_FILE ]] || ! rest_ok; then echo "unhealthy: slurmrestd ping failed"; bad=1; fi
  ssh_ok || { echo "unhealthy: ssh login as $TEST_USER failed"; bad=1; }
  [[ -s $ENV_FILE ]] || { echo "unhealthy: $ENV_FILE missing"; bad=1; }
  for f in "$CH_TEST_IMAGE/bin/busybox" "$CH_TEST_IMAGE/etc/passwd"; do
    [[ -e $f ]] || { echo "unhealthy: $f missing"; bad=1; }
  done
  return "$bad"
}

cmd_status() {
  local nodes f name
  nodes=$(cat "$RUN_DIR/nodes" 2>/dev/null || true)
  if [[ -z $nodes ]]; then
    echo "cluster is down (no $RUN_DIR/nodes)"
    return 1
  fi
  echo "nodes: $nodes   state: $STATE_DIR"
  for f in munged slurmctld slurmrestd sshd "$RUN_DIR"/slurmd-*.pid; do
    f=${f##*/}
    f=${f%.pid}
    name=${f%%-*}
    if pid_alive "$RUN_DIR/$f.pid" "$name"; then
      printf '  %-16s running (pid %s)\n' "$f" "$(<"$RUN_DIR/$f.pid")"
    else
      printf '  %-16s not running\n' "$f"
    fi
  done
  if ip netns list 2>/dev/null | grep -qE '^n[12]( |$)'; then
    echo "network namespaces: $(ip netns list | grep -E '^n[12]( |$)' | cut -d' ' -f1 | tr '\n' ' ')"
  fi
  echo
  sinfo 2>&1 || true
  echo
  echo "jobs in queue: $(squeue -h 2>/dev/null | wc -l)"
  if health "$nodes"; then
    echo "healthy"
  else
    return 1
  fi
}

cmd_env() {
  [[ -s $ENV_FILE ]] || die "no $ENV_FILE: run '$0 up' first"
  cat "$ENV_FILE"
}

cmd_logs() {
  local lines=${1:-100} f
  for f in "$LOG_DIR"/*; do
    [[ -f $f && -s $f ]] || continue
    printf '==> %s <==\n' "$f"
    tail -n "$lines" "$f"
    echo
  done
}

# wait_output FILE TEXT: true once FILE contains TEXT (jobs write it at the end).
wait_output() { wait_for 60 "$1" grep -qF -- "$2" "$1"; }

cmd_selftest() {
  need_root
  local nodes tag out id jwt body ok=1
  nodes=$(cat "$RUN_DIR/nodes" 2>/dev/null) || die "cluster is down"
  tag=selftest-$(date +%s)-$$

  log "1. sbatch as root"
  out=$WORK_DIR/$tag-root.out
  # shellcheck disable=SC2016 # expanded in the job
  sbatch --parsable -p "$PARTITION" -D "$WORK_DIR" -o "$out" --wrap 'echo "root job on $(hostname) as $(id -un)"' >/dev/null
  wait_output "$out" "root job on" && cat "$out" || ok=0

  log "2. sbatch as $TEST_USER over ssh; the job sets its own Comment"
  out=$WORK_DIR/$tag-ssh.out
  # shellcheck disable=SC2016 # expanded in the job
  id=$(ssh_cmd sbatch --parsable -p "$PARTITION" -D "$WORK_DIR" -o "$out" \
    --wrap "'scontrol update JobId=\$SLURM_JOB_ID Comment=port=12345 && echo ssh job as \$(id -un)'" </dev/null)
  if wait_output "$out" "ssh job as $TEST_USER"; then
    cat "$out"
    scontrol show job "$id" | grep -q 'Comment=port=12345' || { log "Comment not set on job $id"; ok=0; }
  else
    ok=0
  fi

  log "3. REST submit as $TEST_USER"
  out=$WORK_DIR/$tag-rest.out
  jwt=$(<"$JWT_FILE")
  body=$(jq -n --arg out "$out" --arg dir "$WORK_DIR" --arg p "$PARTITION" '{
    script: "#!/bin/sh\necho rest job as $(id -un)\n",
    job: {name: "selftest-rest", partition: $p, current_working_directory: $dir, standard_output: $out,
          environment: {PATH: "/usr/bin:/bin"}}}')
  id=$(curl -fsS -m 10 -H "X-SLURM-USER-NAME: $TEST_USER" -H "X-SLURM-USER-TOKEN: $jwt" \
    -H 'Content-Type: application/json' -d "$body" \
    "http://127.0.0.1:$REST_PORT/slurm/$REST_API/job/submit" | jq -r '.job_id')
  log "   REST job id $id"
  wait_output "$out" "rest job as $TEST_USER" && cat "$out" || ok=0

  # Slurm passes the submitter's environment, and ch-run refuses to start
  # without USER, which a root shell started by a CI runner may lack.
  log "4. Charliecloud job as root"
  out=$WORK_DIR/$tag-chroot.out
  sbatch --parsable -p "$PARTITION" -D "$WORK_DIR" -o "$out" \
    --wrap "export USER=\${USER:-\$(id -un)}; ch-run $CH_TEST_IMAGE -- /bin/sh -c 'echo hello from charliecloud as \$(id -un)'" >/dev/null
  wait_output "$out" "hello from charliecloud as root" && cat "$out" || ok=0

  log "5. Charliecloud job as $TEST_USER over ssh"
  out=$WORK_DIR/$tag-ch.out
  ssh_cmd sbatch --parsable -p "$PARTITION" -D "$WORK_DIR" -o "$out" \
    --wrap "'ch-run $CH_TEST_IMAGE -- /bin/sh -c \"echo hello from charliecloud\"'" </dev/null >/dev/null
  wait_output "$out" "hello from charliecloud" && cat "$out" || ok=0

  if [[ $nodes == 2 ]]; then
    log "6. two-node srun: one task per node, each with its own address"
    # shellcheck disable=SC2016 # expanded on the nodes
    out=$(srun -N2 -n2 -p "$PARTITION" -l /bin/sh -c 'echo "$(hostname) $(hostname -i)"' | sort)
    echo "$out"
    [[ $(awk '{print $3}' <<<"$out" | sort -u | wc -l) == 2 ]] || ok=0
  fi
  rm -f "$WORK_DIR/$tag"-*.out
  ((ok)) || die "selftest failed"
  log "selftest passed"
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) cmd_env ;;
    logs) cmd_logs "$@" ;;
    selftest) cmd_selftest ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"

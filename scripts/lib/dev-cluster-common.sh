# shellcheck shell=bash
# Helpers for scripts/dev-cluster.sh: logging, pid files, waiting.
# Sourced, never executed; expects STATE_DIR to be set by the caller.

log() { printf '[dev-cluster %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# pid_alive PIDFILE COMM: true when the pid in PIDFILE runs and its command name
# is COMM. Checking the name guards against pid files left from an earlier boot
# (/run is not a tmpfs on these machines) whose pid now belongs to someone else.
# Zombies count as dead: PID 1 of these VMs reaps orphaned daemons only after
# a second or two.
pid_alive() {
  local pidfile=$1 comm=$2 pid stat
  [[ -s $pidfile ]] || return 1
  pid=$(<"$pidfile")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $stat == "$pid ($comm) "* ]] || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != [ZX] ]]
}

# stop_pidfile PIDFILE COMM [TIMEOUT]: TERM, wait, then KILL; removes the pid file.
stop_pidfile() {
  local pidfile=$1 comm=$2 timeout=${3:-15} pid i
  if pid_alive "$pidfile" "$comm"; then
    pid=$(<"$pidfile")
    log "stopping $comm (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < timeout * 5; i++)); do
      pid_alive "$pidfile" "$comm" || break
      sleep 0.2
    done
    if pid_alive "$pidfile" "$comm"; then
      log "$comm (pid $pid) ignored TERM, killing"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  rm -f "$pidfile"
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local secs=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      log "timed out after ${secs}s waiting for $what"
      return 1
    fi
    sleep 0.5
  done
}

# write_if_changed FILE MODE: replaces FILE with stdin only when the content
# differs, so unchanged configs keep their mtime; returns 0 when it changed.
write_if_changed() {
  local file=$1 mode=$2 tmp
  tmp=$(mktemp "${file}.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f $file ]] && cmp -s "$tmp" "$file"; then
    rm -f "$tmp"
    return 1
  fi
  mv -f "$tmp" "$file"
  return 0
}

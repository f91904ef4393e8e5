#!/usr/bin/env bash
# Runs the four hpc-orchestrator services as your own processes on a login node (or any Linux machine with
# Java 17), with the 'local' transport by default: sbatch/squeue/scancel of this machine, as you.
#
#   suite.sh start [--no-wait] [SERVICE...]   start (all four by default) and wait until health is UP
#   suite.sh stop [SERVICE...]                stop (TERM, then KILL after HPC_SUITE_STOP_TIMEOUT seconds)
#   suite.sh restart [SERVICE...]             stop, then start
#   suite.sh status [SERVICE...]              pid, port, health, memory; exit 3 when one is not running and UP
#   suite.sh logs [-f] [-n LINES] [SERVICE]   the services' output (all of them without SERVICE)
#   suite.sh prepare [SERVICE...]             unpack the jars and build the class-data archives (start does it)
#   suite.sh env                              the settings in effect (secret values masked)
#   suite.sh token init                       the tokens of a first start, without starting (for docker-compose)
#   suite.sh token add NAME ROLE              a new token for NAME (role user, admin or scrape): printed once,
#                                             its hash added to the tokens file (services re-read it)
#   suite.sh token list                       names, roles and hash prefixes in the tokens file
#   suite.sh token revoke NAME [HASH-PREFIX]  removes NAME's tokens (or the one whose hash starts so)
#
# Every request but health needs 'Authorization: Bearer TOKEN'. The first start creates the tokens file
# ($STATE/tokens, hashes only) with an admin token for you, a scrape token for Prometheus and the token the
# services use among themselves; the plain tokens are kept in $STATE/credentials (mode 600). See docs/security.md.
#
# SERVICE: server, client, monitoring, logs (or their module names, e.g. server-service).
# Services bind to 127.0.0.1 on ports HPC_SUITE_PORT_BASE+1..+4 (8001..8004). Settings are environment
# variables, also read from ${XDG_CONFIG_HOME:-~/.config}/hpc-orchestrator/suite.env (KEY=VALUE lines,
# or HPC_SUITE_CONFIG=FILE); see docs/meluxina.md and docs/configuration.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES=(server-service client-service monitoring-service logs-service)

log() { printf '[suite] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# The comment block at the top of this file.
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

# ------------------------------------------------------------------ settings --

CONFIG=${HPC_SUITE_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}/hpc-orchestrator/suite.env}
if [[ -f $CONFIG ]]; then
  # Your own settings file, read like a shell profile: every KEY=VALUE becomes an environment variable.
  set -a
  # shellcheck disable=SC1090 # the user's file
  . "$CONFIG"
  set +a
fi

STATE=${HPC_SUITE_HOME:-${XDG_STATE_HOME:-$HOME/.local/state}/hpc-orchestrator}
RUN_DIR=$STATE/run
LOG_DIR=$STATE/logs
APP_DIR=$STATE/app
PORT_BASE=${HPC_SUITE_PORT_BASE:-8000}
JVM_DIR=${HPC_SUITE_JVM_DIR:-$ROOT/deploy/jvm}
START_TIMEOUT=${HPC_SUITE_START_TIMEOUT:-120}
STOP_TIMEOUT=${HPC_SUITE_STOP_TIMEOUT:-30}
if [[ -n ${HPC_SUITE_JAVA:-} ]]; then
  JAVA=$HPC_SUITE_JAVA
elif [[ -n ${JAVA_HOME:-} ]]; then
  JAVA=$JAVA_HOME/bin/java
else
  JAVA=java
fi

TOKENS_FILE=${HPC_TOKENS_FILE:-$STATE/tokens}
CREDENTIALS=$STATE/credentials

# What every service sees, unless you set it yourself.
export HPC_CLUSTER_TRANSPORT=${HPC_CLUSTER_TRANSPORT:-local}
export HPC_DATA_DIR=${HPC_DATA_DIR:-$STATE/data}
if [[ -z ${HPC_RECIPES_ROOT:-} && -d $ROOT/recipes ]]; then export HPC_RECIPES_ROOT=$ROOT/recipes; fi

# ------------------------------------------------------------------- helpers --

# canonical NAME: the module name of a service given as 'server', 'server-service', ...
canonical() {
  local s
  for s in "${SERVICES[@]}"; do
    if [[ $1 == "$s" || $1-service == "$s" ]]; then
      echo "$s"
      return 0
    fi
  done
  die "unknown service '$1' (server, client, monitoring, logs)"
}

# selected SERVICE...: the services named, in the suite's order; all of them when none is named.
selected() {
  local s want=() out=()
  if (($# == 0)); then
    printf '%s\n' "${SERVICES[@]}"
    return 0
  fi
  for s in "$@"; do want+=("$(canonical "$s")"); done
  for s in "${SERVICES[@]}"; do
    [[ " ${want[*]} " == *" $s "* ]] && out+=("$s")
  done
  printf '%s\n' "${out[@]}"
}

port_of() {
  local i
  for i in "${!SERVICES[@]}"; do
    [[ ${SERVICES[$i]} == "$1" ]] && { echo $((PORT_BASE + i + 1)); return 0; }
  done
  return 1
}

# Where health checks connect: the bind address, or loopback when it is unset or a wildcard.
health_host() {
  case ${HPC_BIND_ADDRESS:-127.0.0.1} in
    0.0.0.0 | '::' | '[::]') echo 127.0.0.1 ;;
    *) echo "${HPC_BIND_ADDRESS:-127.0.0.1}" ;;
  esac
}

# jar_of SERVICE: the one jar the build produced (or HPC_SUITE_JAR_DIR holds).
jar_of() {
  local svc=$1 candidates=() f
  if [[ -n ${HPC_SUITE_JAR_DIR:-} ]]; then
    for f in "$HPC_SUITE_JAR_DIR/$svc.jar" "$HPC_SUITE_JAR_DIR/$svc"-*.jar; do
      [[ -f $f ]] && candidates+=("$f")
    done
  else
    for f in "$ROOT/$svc/target/$svc"-*.jar; do
      [[ -f $f && $f != *-sources.jar && $f != *-javadoc.jar && $f != *-tests.jar ]] && candidates+=("$f")
    done
  fi
  ((${#candidates[@]} == 1)) && { echo "${candidates[0]}"; return 0; }
  ((${#candidates[@]} == 0)) &&
    die "no jar for $svc: run 'mvn -B -DskipTests package' in $ROOT, or set HPC_SUITE_JAR_DIR"
  die "several jars for $svc (${candidates[*]}): remove the stale ones or set HPC_SUITE_JAR_DIR"
}

pid_file() { echo "$RUN_DIR/$1.pid"; }

# running SERVICE: prints the pid when the pid file names a live java running this service's unpacked jar.
running() {
  local f pid
  f=$(pid_file "$1")
  [[ -s $f ]] || return 1
  pid=$(<"$f")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$APP_DIR/$1/app.jar" || return 1
  echo "$pid"
}

# health PORT: the status word of /actuator/health (UP, DOWN, ...) or nothing. Plain bash, no curl needed.
health() {
  local port=$1 host reply
  host=$(health_host)
  # shellcheck disable=SC2016 # expanded by the inner bash
  reply=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "GET /actuator/health HTTP/1.0\r\nHost: %s\r\nAccept: application/json\r\n\r\n" "$1" >&3
    cat <&3' _ "$host" "$port" 2>/dev/null) || return 0
  sed -n 's/.*"status":"\([A-Z_]*\)".*/\1/p' <<<"$reply" | head -n1
}

# shellcheck disable=SC2016 # expanded by the inner bash
port_in_use() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$(health_host)" "$1" 2>/dev/null; }

java_ok() {
  local version
  command -v "$JAVA" >/dev/null 2>&1 || die "no java at '$JAVA': load a Java 17 module (docs/meluxina.md) or set JAVA_HOME"
  version=$("$JAVA" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n1)
  [[ $version =~ ^[0-9]+$ && $version -ge 17 ]] || die "$JAVA is Java ${version:-?}; the suite needs 17 or newer"
}

# ------------------------------------------------------------------- prepare --

# prepare SERVICE: unpacks the jar into APP_DIR/SERVICE (a plain class path, which class-data sharing
# needs) and records the classes loaded at start-up in app.jsa, once per jar, JVM and options.
prepare() {
  local svc=$1 jar dir stamp tmp options
  jar=$(jar_of "$svc")
  dir=$APP_DIR/$svc
  options=$JVM_DIR/$svc.options
  [[ -f $options ]] || die "no JVM options file $options"
  stamp="$(stat -c '%n %s %Y' "$jar") | $(cksum <"$options") | $("$JAVA" -version 2>&1 | tr '\n' ' ')"
  if [[ -f $dir/.stamp && $(<"$dir/.stamp") == "$stamp" && -f $dir/app.jar ]]; then
    return 0
  fi
  if running "$svc" >/dev/null; then
    log "$svc runs an older build; 'suite.sh restart ${svc%-service}' picks up $jar"
    return 0
  fi
  log "unpacking $jar"
  mkdir -p "$APP_DIR" "$LOG_DIR"
  rm -rf "$dir"
  tmp=$(mktemp -d "$APP_DIR/.$svc.XXXXXX")
  "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$tmp/x" --application-filename app.jar >/dev/null ||
    die "could not unpack $jar"
  mv "$tmp/x" "$dir"
  rm -rf "$tmp"
  # Class-data sharing: one start-up that stops once the context is refreshed (no port opened, nothing
  # scheduled) writes the archive; later starts map it instead of loading and verifying those classes.
  log "recording $svc's start-up classes (once per build)"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/hpc-suite-cds.XXXXXX")
  if (cd "$tmp" && HPC_DATA_DIR=$tmp timeout 300 "$JAVA" "@$options" -XX:ArchiveClassesAtExit="$dir/app.jsa" \
    -Dspring.context.exit=onRefresh -jar "$dir/app.jar" >"$LOG_DIR/$svc.cds.log" 2>&1) && [[ -s $dir/app.jsa ]]; then
    :
  else
    log "no class-data archive for $svc (see $LOG_DIR/$svc.cds.log); it starts more slowly"
    rm -f "$dir/app.jsa"
  fi
  rm -rf "$tmp"
  printf '%s' "$stamp" >"$dir/.stamp"
}

# -------------------------------------------------------------------- tokens --

# new_token, token_hash
# shellcheck source-path=SCRIPTDIR source=lib/tokens.sh
. "$ROOT/scripts/lib/tokens.sh"

# add_token NAME ROLE: appends the new token's hash to the tokens file and prints the token.
add_token() {
  local name=$1 role=$2 token
  [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$ ]] || die "token name '$name' must match [A-Za-z0-9][A-Za-z0-9._@-]{0,63}"
  case $role in
    user | admin | scrape | service) ;;
    *) die "role '$role' must be user, admin, scrape or service" ;;
  esac
  if [[ -f $TOKENS_FILE ]] && awk -v n="$name" -v r="$role" '$1 == n && $2 != r { found = 1 } END { exit !found }' "$TOKENS_FILE"; then
    die "$name already has another role in $TOKENS_FILE; revoke those tokens first"
  fi
  token=$(new_token)
  mkdir -p "$(dirname "$TOKENS_FILE")"
  (umask 077 && printf '%s %s %s  # %s\n' "$name" "$role" "$(token_hash "$token")" "$(date -u +%Y-%m-%dT%H:%MZ)" >>"$TOKENS_FILE")
  echo "$token"
}

# ensure_tokens: on first start, the tokens file with an admin token for you, a scrape token, and the
# services' own token; the plain tokens go to CREDENTIALS (mode 600) because nothing else keeps them.
ensure_tokens() {
  if [[ ! -f $TOKENS_FILE && -z ${HPC_TOKENS:-} ]]; then
    local me=${USER:-$(id -un)}
    mkdir -p "$CREDENTIALS"
    chmod 700 "$CREDENTIALS"
    (umask 077 && add_token "$me" admin >"$CREDENTIALS/$me.token" && add_token prometheus scrape >"$CREDENTIALS/prometheus.token" &&
      add_token suite service >"$CREDENTIALS/suite.token")
    log "created $TOKENS_FILE; your admin token: export HPC_TOKEN=\$(cat $CREDENTIALS/$me.token)"
  fi
  if [[ -f $TOKENS_FILE ]]; then
    [[ -z $(find "$TOKENS_FILE" -perm /o+w,g+w) ]] || die "$TOKENS_FILE is writable by others: chmod 600 it"
    export HPC_TOKENS_FILE=$TOKENS_FILE
  fi
  if [[ -z ${HPC_SERVICE_TOKEN:-} && -f $CREDENTIALS/suite.token ]]; then
    HPC_SERVICE_TOKEN=$(<"$CREDENTIALS/suite.token")
    export HPC_SERVICE_TOKEN
  fi
}

cmd_token() {
  local sub=${1:-}
  (($#)) && shift
  case $sub in
    init)
      [[ ! -f $TOKENS_FILE ]] || die "$TOKENS_FILE exists already; add tokens with 'suite.sh token add'"
      ensure_tokens
      echo "tokens file:   $TOKENS_FILE"
      echo "your token:    $CREDENTIALS/${USER:-$(id -un)}.token"
      echo "scrape token:  $CREDENTIALS/prometheus.token"
      echo "service token: $CREDENTIALS/suite.token"
      ;;
    add)
      (($# == 2)) || die "usage: suite.sh token add NAME ROLE"
      add_token "$1" "$2"
      log "added to $TOKENS_FILE; the services accept it within seconds. It is shown only now."
      ;;
    list)
      [[ -f $TOKENS_FILE ]] || die "no tokens file at $TOKENS_FILE"
      awk '!/^[[:space:]]*(#|$)/ { printf "%-24s %-8s %s...\n", $1, $2, substr($3, 1, 19) }' "$TOKENS_FILE"
      ;;
    revoke)
      (($# >= 1 && $# <= 2)) || die "usage: suite.sh token revoke NAME [HASH-PREFIX]"
      [[ -f $TOKENS_FILE ]] || die "no tokens file at $TOKENS_FILE"
      local tmp before after
      tmp=$(mktemp "$TOKENS_FILE.XXXXXX")
      awk -v n="$1" -v p="${2:-}" '!($1 == n && index($3, p) == 1)' "$TOKENS_FILE" >"$tmp"
      before=$(grep -c . "$TOKENS_FILE" || true)
      after=$(grep -c . "$tmp" || true)
      chmod 600 "$tmp"
      mv -f "$tmp" "$TOKENS_FILE"
      log "revoked $((before - after)) token(s) of $1"
      ;;
    *) die "usage: suite.sh token init | add NAME ROLE | list | revoke NAME [HASH-PREFIX]" ;;
  esac
}

# ------------------------------------------------------------------ commands --

cmd_prepare() {
  local svc
  java_ok
  for svc in $(selected "$@"); do prepare "$svc"; done
}

launch() {
  local svc=$1 port dir cds=() extra=() logfile server_url
  port=$(port_of "$svc")
  dir=$APP_DIR/$svc
  logfile=$LOG_DIR/$svc.log
  [[ -f $dir/app.jsa ]] && cds=(-XX:SharedArchiveFile="$dir/app.jsa")
  # shellcheck disable=SC2206 # options are words, as on a java command line
  [[ -n ${HPC_SUITE_JAVA_OPTS:-} ]] && extra=($HPC_SUITE_JAVA_OPTS)
  if [[ -f $logfile && $(stat -c %s "$logfile") -gt 52428800 ]]; then mv -f "$logfile" "$logfile.1"; fi
  server_url=http://$(health_host):$(port_of server-service)
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$HPC_DATA_DIR"
  printf '\n==== %s starting %s (port %s)\n' "$(date -Is)" "$svc" "$port" >>"$logfile"
  (
    exec 9>&- # the lock stays with this script
    cd "$STATE"
    # The other services find the server here unless told otherwise.
    export HPC_SERVER_URL=${HPC_SERVER_URL:-$server_url}
    export HPC_CLIENT_SERVER_URL=${HPC_CLIENT_SERVER_URL:-$server_url}
    exec nohup "$JAVA" "@$JVM_DIR/$svc.options" "${cds[@]}" "${extra[@]}" -jar "$dir/app.jar" \
      --server.port="$port" </dev/null >>"$logfile" 2>&1
  ) &
  echo $! >"$(pid_file "$svc")"
}

cmd_start() {
  local wait=1 args=() svc started=() pid state deadline t0 now
  while (($#)); do
    case $1 in
      --no-wait) wait=0 ;;
      *) args+=("$1") ;;
    esac
    shift
  done
  java_ok
  ensure_tokens
  case ${HPC_BIND_ADDRESS:-127.0.0.1} in
    127.* | localhost | ::1) ;;
    *) log "WARNING: HPC_BIND_ADDRESS=$HPC_BIND_ADDRESS: the services act with your SLURM identity; anyone who can reach that address can use them" ;;
  esac
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  # Serialises concurrent start/stop of the same state directory.
  exec 9>"$RUN_DIR/.lock"
  flock -w 60 9 || die "another suite.sh holds $RUN_DIR/.lock"
  for svc in $(selected "${args[@]+"${args[@]}"}"); do
    if pid=$(running "$svc"); then
      log "$svc already runs (pid $pid, port $(port_of "$svc"))"
      continue
    fi
    if port_in_use "$(port_of "$svc")"; then
      die "port $(port_of "$svc") ($svc) is taken, by another user's suite or another program; choose other ports with HPC_SUITE_PORT_BASE"
    fi
    started+=("$svc")
  done
  # Unpacking and recording archives first, so the services then start side by side.
  for svc in "${started[@]+"${started[@]}"}"; do prepare "$svc"; done
  t0=$(date +%s%N)
  for svc in "${started[@]+"${started[@]}"}"; do launch "$svc"; done
  exec 9>&-
  ((wait && ${#started[@]})) || return 0
  deadline=$(($(date +%s) + START_TIMEOUT))
  while ((${#started[@]})); do
    local rest=()
    for svc in "${started[@]}"; do
      if ! pid=$(running "$svc"); then
        log "$svc exited during start-up; last lines of $LOG_DIR/$svc.log:"
        tail -n 30 "$LOG_DIR/$svc.log" >&2
        return 1
      fi
      state=$(health "$(port_of "$svc")")
      if [[ $state == UP ]]; then
        now=$(date +%s%N)
        printf '%-19s UP after %5.1f s   pid %-8s http://%s:%s\n' "$svc" "$(((now - t0) / 1000000))e-3" "$pid" \
          "$(health_host)" "$(port_of "$svc")"
      else
        rest+=("$svc")
      fi
    done
    started=("${rest[@]+"${rest[@]}"}")
    ((${#started[@]})) || break
    if (($(date +%s) > deadline)); then
      log "not UP after ${START_TIMEOUT}s: ${started[*]}; see 'suite.sh logs'"
      return 1
    fi
    sleep 0.1
  done
}

stop_one() {
  local svc=$1 pid i
  if ! pid=$(running "$svc"); then
    rm -f "$(pid_file "$svc")"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
    running "$svc" >/dev/null || break
    sleep 0.1
  done
  if running "$svc" >/dev/null; then
    log "$svc (pid $pid) did not stop within ${STOP_TIMEOUT}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$(pid_file "$svc")"
  printf '%-19s stopped (pid %s)\n' "$svc" "$pid"
}

cmd_stop() {
  local i list=()
  mapfile -t list < <(selected "$@")
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/.lock"
  flock -w 60 9 || die "another suite.sh holds $RUN_DIR/.lock"
  # Readers of the server first, the server last.
  for ((i = ${#list[@]} - 1; i >= 0; i--)); do stop_one "${list[$i]}"; done
}

cmd_status() {
  local svc pid state rss up bad=0 ticks boot
  printf '%-19s %-8s %-8s %-6s %-8s %-9s %s\n' SERVICE STATE PID PORT HEALTH RSS UPTIME
  ticks=$(getconf CLK_TCK)
  boot=$(awk '/^btime/ {print $2}' /proc/stat)
  for svc in $(selected "$@"); do
    if pid=$(running "$svc"); then
      state=$(health "$(port_of "$svc")")
      rss=$(awk '/^VmRSS:/ {printf "%d MB", $2 / 1024}' "/proc/$pid/status")
      up=$(($(date +%s) - boot - $(awk '{print $22}' "/proc/$pid/stat") / ticks))
      printf '%-19s %-8s %-8s %-6s %-8s %-9s %ss\n' "$svc" running "$pid" "$(port_of "$svc")" "${state:--}" "$rss" "$up"
      [[ $state == UP ]] || bad=1
    else
      printf '%-19s %-8s %-8s %-6s %-8s %-9s %s\n' "$svc" stopped - "$(port_of "$svc")" - - -
      bad=1
    fi
  done
  echo "state: $STATE   transport: $HPC_CLUSTER_TRANSPORT   data: $HPC_DATA_DIR"
  ((bad == 0)) || return 3
}

cmd_logs() {
  local follow=() lines=100 svc=() files=() s
  while (($#)); do
    case $1 in
      -f | --follow) follow=(-F) ;;
      -n) lines=${2:?-n needs a number}; shift ;;
      -n*) lines=${1#-n} ;;
      *) svc+=("$1") ;;
    esac
    shift
  done
  for s in $(selected "${svc[@]+"${svc[@]}"}"); do
    [[ -f $LOG_DIR/$s.log ]] && files+=("$LOG_DIR/$s.log")
  done
  ((${#files[@]})) || die "no logs yet in $LOG_DIR"
  tail -n "$lines" "${follow[@]+"${follow[@]}"}" "${files[@]}"
}

cmd_env() {
  local name
  echo "# state: $STATE  config: $CONFIG ($([[ -f $CONFIG ]] && echo read || echo absent))"
  echo "# java: $JAVA  jvm options: $JVM_DIR  ports: $((PORT_BASE + 1))-$((PORT_BASE + 4))"
  while IFS= read -r name; do
    case $name in
      *TOKEN* | *SECRET* | *PASSWORD* | *JWT*) echo "$name=********" ;;
      *) echo "$name=${!name}" ;;
    esac
  done < <(compgen -e | grep -E '^(HPC_|SPRING_|SERVER_|JAVA_HOME$)' | sort)
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    restart) cmd_stop "$@" && cmd_start "$@" ;;
    status) cmd_status "$@" ;;
    logs) cmd_logs "$@" ;;
    prepare) cmd_prepare "$@" ;;
    env) cmd_env ;;
    token) cmd_token "$@" ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"

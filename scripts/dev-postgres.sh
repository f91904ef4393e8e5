#!/usr/bin/env bash
# A local PostgreSQL 15 for the server's database tests: Debian's cluster 15/main
# on 127.0.0.1:5432, started without systemd, with role 'hpc' and database
# 'hpc_test'.
#
#   dev-postgres.sh up       install what is missing, start, create role and database
#   dev-postgres.sh down     stop the cluster
#   dev-postgres.sh status   show the cluster; non-zero unless 'hpc' can connect
#   dev-postgres.sh env      print the settings tests use (KEY=VALUE)
#
# Runs as root. State (password, postgres.env) lives in
# ${HPC_DEV_POSTGRES_DIR:-/var/lib/hpc-dev-postgres}; tests read postgres.env.
set -euo pipefail

STATE_DIR=${HPC_DEV_POSTGRES_DIR:-/var/lib/hpc-dev-postgres}
PASSWORD_FILE=$STATE_DIR/password
ENV_FILE=$STATE_DIR/postgres.env

PG_VERSION=15
PG_CLUSTER=main
PG_HOST=127.0.0.1
PG_PORT=5432
DB_USER=hpc
DB_NAME=hpc_test
CONF_FILE=/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/hpc-dev-postgres.conf
PG_LOG=/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log

PACKAGES=(postgresql "postgresql-$PG_VERSION" "postgresql-client-$PG_VERSION")

log() { printf '[dev-postgres %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }

need_root() { [[ $(id -u) == 0 ]] || die "run as root"; }

# Serialises up/down: several test runs may call 'up' at the same time.
take_lock() {
  install -d -m 700 "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock -w 300 9 || die "could not lock $STATE_DIR/.lock"
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
    sleep 0.3
  done
}

ensure_packages() {
  local p missing=() own_policy=0
  for p in "${PACKAGES[@]}"; do
    # shellcheck disable=SC2016 # dpkg's format string, not a shell expansion
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true) == installed ]] || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  log "installing: ${missing[*]}"
  # The package would start the cluster through its init script, before our
  # listen settings are in place.
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

cluster_exists() { [[ -f /etc/postgresql/$PG_VERSION/$PG_CLUSTER/postgresql.conf ]]; }

cluster_running() {
  # pg_ctlcluster status: 0 running, 3 stopped, 4 no usable data directory.
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1
}

ensure_cluster() {
  if ! cluster_exists; then
    # Debian's createcluster.conf may have told the package not to make one.
    log "creating cluster $PG_VERSION/$PG_CLUSTER"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >/dev/null
  fi
  local changed=0 current=''
  [[ -f $CONF_FILE ]] && current=$(<"$CONF_FILE")
  local wanted
  wanted=$(printf "%s\n" \
    "# Written by scripts/dev-postgres.sh: loopback only, fixed port." \
    "listen_addresses = '$PG_HOST'" \
    "port = $PG_PORT")
  if [[ $current != "$wanted" ]]; then
    printf '%s\n' "$wanted" >"$CONF_FILE"
    chown postgres:postgres "$CONF_FILE"
    chmod 644 "$CONF_FILE"
    changed=1
  fi
  if cluster_running; then
    if ((changed)); then
      log "restarting cluster for the new listen settings"
      pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart -m fast 9>&-
    fi
    return 0
  fi
  port_taken && die "$PG_HOST:$PG_PORT is in use by something else"
  log "starting cluster $PG_VERSION/$PG_CLUSTER"
  # Without systemd, pg_ctlcluster runs pg_ctl as the cluster owner itself.
  # 9>&-: the server would otherwise inherit the lock and hold it for ever.
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start 9>&- || { tail -n 20 "$PG_LOG" >&2 || true; die "cluster did not start"; }
  wait_for 30 "the cluster to accept connections" as_postgres psql -qAtX -c 'select 1' ||
    { tail -n 20 "$PG_LOG" >&2 || true; die "cluster does not answer"; }
}

# Bash's /dev/tcp rather than ss: iproute2 is not on every minimal image.
port_taken() { (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null; }

as_postgres() { runuser -u postgres -- "$@"; }

# The password is hex, so it needs no quoting in SQL or in a JDBC URL.
ensure_password() {
  if [[ ! -s $PASSWORD_FILE ]]; then
    (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$PASSWORD_FILE")
  fi
  chmod 600 "$PASSWORD_FILE"
  [[ $(<"$PASSWORD_FILE") =~ ^[0-9a-f]{16,}$ ]] || die "$PASSWORD_FILE does not hold a hex password; remove it to make a new one"
}

ensure_role_and_database() {
  local password
  password=$(<"$PASSWORD_FILE")
  # Through stdin, not arguments: the password stays out of the process list.
  # Setting it on every run keeps the role in step with the file.
  as_postgres psql -qX -v ON_ERROR_STOP=1 >/dev/null <<SQL
select format('create role %I login', '$DB_USER') where not exists (select 1 from pg_roles where rolname = '$DB_USER')
\\gexec
alter role $DB_USER with login password '$password';
select format('create database %I owner %I', '$DB_NAME', '$DB_USER')
 where not exists (select 1 from pg_database where datname = '$DB_NAME')
\\gexec
alter database $DB_NAME owner to $DB_USER;
SQL
  # PostgreSQL 15 no longer lets every role create in schema public; the owner
  # of the database must own it so tests can drop and create schemas freely.
  as_postgres psql -qX -v ON_ERROR_STOP=1 -d "$DB_NAME" -c "alter schema public owner to $DB_USER" >/dev/null
}

hpc_connects() {
  PGPASSWORD=$(<"$PASSWORD_FILE") psql -qAtX -h "$PG_HOST" -p "$PG_PORT" -U "$DB_USER" -d "$DB_NAME" -c 'select 1' >/dev/null 2>&1
}

print_env() {
  [[ -s $PASSWORD_FILE ]] || die "no password yet: run '$0 up' first"
  printf 'HPC_TEST_DATABASE_URL=jdbc:postgresql://%s:%s/%s\n' "$PG_HOST" "$PG_PORT" "$DB_NAME"
  printf 'HPC_TEST_DATABASE_USER=%s\n' "$DB_USER"
  printf 'HPC_TEST_DATABASE_PASSWORD=%s\n' "$(<"$PASSWORD_FILE")"
}

write_env() {
  local tmp
  tmp=$(mktemp "$STATE_DIR/.postgres.env.XXXXXX")
  print_env >"$tmp"
  chmod 600 "$tmp"
  mv -f "$tmp" "$ENV_FILE"
}

cmd_up() {
  need_root
  take_lock
  ensure_packages
  ensure_cluster
  ensure_password
  ensure_role_and_database
  wait_for 30 "$DB_USER to connect over TCP" hpc_connects || die "$DB_USER cannot connect to $PG_HOST:$PG_PORT/$DB_NAME"
  write_env
  log "ready: $DB_NAME on $PG_HOST:$PG_PORT (settings in $ENV_FILE)"
}

cmd_down() {
  need_root
  take_lock
  if command -v pg_ctlcluster >/dev/null && cluster_exists && cluster_running; then
    log "stopping cluster $PG_VERSION/$PG_CLUSTER"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop -m fast
  else
    log "cluster $PG_VERSION/$PG_CLUSTER is not running"
  fi
}

cmd_status() {
  command -v pg_lsclusters >/dev/null || die "PostgreSQL is not installed"
  pg_lsclusters "$PG_VERSION" "$PG_CLUSTER" 2>/dev/null || true
  if [[ -s $PASSWORD_FILE ]] && hpc_connects; then
    echo "$DB_USER connects to $PG_HOST:$PG_PORT/$DB_NAME"
  else
    echo "$DB_USER cannot connect to $PG_HOST:$PG_PORT/$DB_NAME"
    return 1
  fi
}

main() {
  case ${1:-} in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    env) print_env ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"

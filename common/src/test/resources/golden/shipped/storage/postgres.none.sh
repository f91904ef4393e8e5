#!/bin/bash
#SBATCH --job-name=postgres
#SBATCH --nodes=1
#SBATCH --ntasks-per-node=1
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=08:00:00
#SBATCH --partition=cpu
#SBATCH --qos=default
#SBATCH --account=p200000
#SBATCH --chdir=/project/home/p200000/hpc-orchestrator/work
#SBATCH --output=/project/home/p200000/hpc-orchestrator/logs/%x-%j.out
#SBATCH --error=/project/home/p200000/hpc-orchestrator/logs/%x-%j.err
#
# Rendered by hpc-orchestrator from recipe postgres for runtime none.
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

export POSTGRES_USER='postgres'
export POSTGRES_DB='app'
# Secrets come from the submission environment; their values are never written here.
if [ -z "${POSTGRES_PASSWORD:-}" ]; then
  echo "hpc-orchestrator: secret POSTGRES_PASSWORD was not provided at submission, or is empty" >&2
  exit 1
fi
export POSTGRES_PASSWORD

HPC_SERVICE_PORT=8008
HPC_SERVICE_HOST="${SLURMD_NODENAME:-$(hostname)}"
export HPC_SERVICE_PORT HPC_SERVICE_HOST

# Bare metal: the command runs on the node itself with the variables exported above.

hpc_report phase=STARTING "node=$HPC_SERVICE_HOST" "port=$HPC_SERVICE_PORT"
exec '/bin/sh' '-c' $'set -eu\x0aexport PATH="/usr/lib/postgresql/${PG_MAJOR:-16}/bin:$PATH"\x0abase="${TMPDIR:-/tmp}"\x0aif [ ! -d "$base" ] || [ ! -w "$base" ]; then base=/tmp; fi\x0awork="$base/hpc-postgres-${SLURM_JOB_ID:-$$}"\x0aPGDATA="${POSTGRES_DATA_DIR:-$work/data}"\x0aexport PGDATA\x0auser="${POSTGRES_USER:-postgres}"\x0amkdir -p "$work/run" "$PGDATA"\x0achmod 700 "$PGDATA"\x0aif [ ! -s "$PGDATA/PG_VERSION" ]; then\x0a  if [ -z "${POSTGRES_PASSWORD:-}" ]; then\x0a    echo "postgres: POSTGRES_PASSWORD is empty; set the secret to initialise $PGDATA" >&2\x0a    exit 1\x0a  fi\x0a  pwfile="$work/initdb.pw"\x0a  (umask 077 && printf \'%s\\n\' "$POSTGRES_PASSWORD" > "$pwfile")\x0a  initdb --username="$user" --pwfile="$pwfile" --encoding=UTF8 --locale=C \\\x0a    --auth-local=trust --auth-host=scram-sha-256\x0a  rm -f "$pwfile"\x0a  printf \'host all all all scram-sha-256\\n\' >> "$PGDATA/pg_hba.conf"\x0a  db="${POSTGRES_DB:-$user}"\x0a  if [ "$db" != postgres ]; then\x0a    quoted=$(printf \'%s\' "$db" | sed \'s/"/""/g\')\x0a    printf \'CREATE DATABASE "%s";\\n\' "$quoted" | postgres --single -D "$PGDATA" postgres > /dev/null\x0a  fi\x0afi\x0aperl -MIO::Socket::INET -e \'\x0a  my $server = IO::Socket::INET->new(LocalPort => $ARGV[0], Listen => 16, ReuseAddr => 1)\x0a    or die "postgres health: cannot listen on port $ARGV[0]: $!\\n";\x0a  while (my $client = $server->accept) {\x0a    eval {\x0a      local $SIG{ALRM} = sub { die "timeout\\n" };\x0a      alarm 5;\x0a      while (defined(my $line = <$client>)) { last if $line =~ /^\\r?$/ }\x0a      alarm 0;\x0a    };\x0a    my $ready = system("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432") == 0;\x0a    my $body = $ready ? "ok\\n" : "not ready\\n";\x0a    print $client ($ready ? "HTTP/1.0 200 OK" : "HTTP/1.0 503 Service Unavailable"),\x0a      "\\r\\nContent-Type: text/plain\\r\\nContent-Length: ", length($body),\x0a      "\\r\\nConnection: close\\r\\n\\r\\n", $body;\x0a    close $client;\x0a  }\' "$HPC_SERVICE_PORT" &\x0aexec postgres -D "$PGDATA" -p 5432 -k "$work/run" -c listen_addresses=\'*\'\x0a'

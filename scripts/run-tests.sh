#!/usr/bin/env bash
# Runs every test of hpc-orchestrator on a Debian 12 machine as root: installs what the tests need,
# starts the local SLURM cluster (scripts/dev-cluster.sh), checks the project's shell scripts, then
# builds and runs unit, property and integration tests with Maven. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need=()
command -v mvn >/dev/null || need+=(maven)
command -v javac >/dev/null || need+=(openjdk-17-jdk-headless)
# The monitoring ITs run a real Prometheus and check the status page in headless Chromium.
command -v prometheus >/dev/null || need+=(prometheus)
command -v chromium >/dev/null || need+=(chromium chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}"
fi

scripts/dev-cluster.sh up
# Slurm 24.11 beside it, for the slurmrestd API versions v0.0.40 to v0.0.42.
scripts/dev-cluster-24.sh up
# PostgreSQL, for the server's database tests beside the embedded H2.
scripts/dev-postgres.sh up
shellcheck -x scripts/*.sh scripts/lib/*.sh .ci/run

failed() {
  echo "--- tests failed; the local cluster's daemon logs follow ---" >&2
  scripts/dev-cluster.sh logs 80 >&2 || true
  exit 1
}

# clean: test reports of earlier runs must not count (failsafe merges into its summaries, and the logged-secrets
# scan reads them); install, so the two-node run below finds this build of common.
mvn -B clean install "$@" || failed

# Endpoint discovery across real, different node addresses needs the two-node cluster; switch to it for
# those tests only, then back.
scripts/dev-cluster.sh up --nodes 2
mvn -B -pl server-service verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=TwoNodeDiscoveryIT "$@" || failed
scripts/dev-cluster.sh up --nodes 1

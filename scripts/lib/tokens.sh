# shellcheck shell=bash
# Bearer tokens for the suite (docs/security.md), for scripts/suite.sh, scripts/demo.sh and the benchmarks.
# Sourced, not run.

# A new random token: 32 bytes, URL-safe base64 without padding.
new_token() { head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '='; }

# The form the tokens file keeps a token in: sha256:<hex of its UTF-8 bytes>.
token_hash() { printf 'sha256:%s' "$(printf '%s' "$1" | sha256sum | cut -d' ' -f1)"; }

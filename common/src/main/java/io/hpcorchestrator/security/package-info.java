/**
 * Who is calling: bearer tokens (kept only as SHA-256 hashes) mapped to a user and a {@link io.hpcorchestrator.security.Role},
 * checked on every request except health, plus the per-user limits and the audit trail the services share.
 */
package io.hpcorchestrator.security;

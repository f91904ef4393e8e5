/**
 * The slurmrestd transport: {@link io.hpcorchestrator.slurm.rest.RestSlurmClient} with one small adapter per
 * API version (v0.0.38 for Slurm 22.05, v0.0.40 to v0.0.42 for 23.11 to 24.11), token sources that renew
 * JWTs before they expire, and the translation of {@code #SBATCH} lines that slurmrestd itself ignores.
 */
package io.hpcorchestrator.slurm.rest;

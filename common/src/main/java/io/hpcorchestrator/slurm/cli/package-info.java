/**
 * The SLURM command-line transports: {@link io.hpcorchestrator.slurm.cli.CliSlurmClient} turns the
 * {@link io.hpcorchestrator.slurm.SlurmClient} verbs into {@code sbatch}, {@code scontrol} and {@code scancel}
 * commands and parses their output in one place ({@link io.hpcorchestrator.slurm.cli.ScontrolOutput}); a
 * {@link io.hpcorchestrator.slurm.cli.CommandRunner} decides where the commands run: on this machine
 * ({@link io.hpcorchestrator.slurm.cli.LocalCommandRunner}) or on a login node over one pooled SSH session
 * ({@link io.hpcorchestrator.slurm.cli.SshCommandRunner}).
 */
package io.hpcorchestrator.slurm.cli;

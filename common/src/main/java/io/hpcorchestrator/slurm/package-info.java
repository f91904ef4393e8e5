/**
 * SLURM access: one {@link io.hpcorchestrator.slurm.SlurmClient} port with narrow verbs, and its transports
 * (slurmrestd over HTTP, the CLI over SSH, the CLI on a login node). Only these types cross the boundary;
 * each transport maps SLURM's own representation into them.
 */
package io.hpcorchestrator.slurm;

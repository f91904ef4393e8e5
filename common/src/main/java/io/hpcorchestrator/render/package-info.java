/**
 * Rendering: a validated recipe and the cluster's defaults become an {@code sbatch} script. Pure functions
 * only; nothing here submits or touches the cluster. {@link io.hpcorchestrator.render.ShellQuoting} is the
 * one door through which user data enters shell text.
 */
package io.hpcorchestrator.render;

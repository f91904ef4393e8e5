/**
 * The cluster as every service sees it: one {@code hpc.cluster.*} configuration tree shared by all four
 * services.
 */
package io.hpcorchestrator.cluster;

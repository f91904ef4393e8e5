package io.hpcorchestrator.slurm;

/**
 * Part of a file on the cluster.
 *
 * @param offset where {@code data} starts
 * @param data   the bytes read, at most what was asked for
 * @param size   the file's size when it was read, so callers see truncation and know how much is left
 */
public record FileChunk(long offset, byte[] data, long size) {
}

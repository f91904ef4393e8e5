package io.hpcorchestrator.logs.store;

/**
 * A line about to be stored.
 *
 * @param byteCount the line's length in the file, which is what retention by size counts
 */
public record NewLine(long lineNo, String text, int byteCount) {
}

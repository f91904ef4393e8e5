package io.hpcorchestrator.logs.collect;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts bytes read from a file into lines. A line ends at {@code \n} (a {@code \r} before it is dropped); what follows
 * the last newline is a partial line, left unconsumed so the next read starts with it, unless the caller knows the
 * file is complete. Lines longer than {@code maxLineBytes} come out in pieces of at most that size, cut on a UTF-8
 * character boundary, so one endless line cannot stop collection or fill memory.
 */
final class LineSplitter {

    /**
     * @param lines    the lines' bytes, newline removed
     * @param consumed bytes of the input the lines account for; the rest is a partial line
     */
    record Split(List<byte[]> lines, int consumed) {
    }

    private LineSplitter() {
    }

    /**
     * @param complete whether {@code data} runs to the end of a file that will not grow: a partial last line is then
     *                 a line of its own
     */
    static Split split(byte[] data, int length, int maxLineBytes, boolean complete) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (data[i] == '\n') {
                int end = i > start && data[i - 1] == '\r' ? i - 1 : i;
                addInPieces(lines, data, start, end, maxLineBytes);
                start = i + 1;
            }
        }
        // A partial line too long to ever fit whole goes out in full pieces now; its tail waits for the newline.
        while (length - start >= maxLineBytes) {
            int cut = boundary(data, start, start + maxLineBytes, length);
            lines.add(copy(data, start, cut));
            start = cut;
        }
        if (complete && start < length) {
            addInPieces(lines, data, start, length, maxLineBytes);
            start = length;
        }
        return new Split(lines, start);
    }

    private static void addInPieces(List<byte[]> lines, byte[] data, int start, int end, int maxLineBytes) {
        int from = start;
        while (end - from > maxLineBytes) {
            int cut = boundary(data, from, from + maxLineBytes, end);
            lines.add(copy(data, from, cut));
            from = cut;
        }
        lines.add(copy(data, from, end));
    }

    /**
     * The last position at or before {@code limit} that does not split a UTF-8 character (continuation bytes are
     * {@code 10xxxxxx}); {@code limit} itself when the bytes are not UTF-8 enough to tell or the data ends there.
     */
    static int boundary(byte[] data, int start, int limit, int end) {
        if (limit >= end) {
            return limit;
        }
        int cut = limit;
        while (cut > start && cut > limit - 4 && (data[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return cut == start || (data[cut] & 0xC0) == 0x80 ? limit : cut;
    }

    private static byte[] copy(byte[] data, int from, int to) {
        byte[] line = new byte[to - from];
        System.arraycopy(data, from, line, 0, line.length);
        return line;
    }
}

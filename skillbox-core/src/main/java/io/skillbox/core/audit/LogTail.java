package io.skillbox.core.audit;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The end of a log, as a writer needs it before appending: the last complete line, found by scanning
 * backwards, and any torn bytes after it that a crash mid-write left.
 *
 * @param lastLine       the last complete line without its newline, or null when there is none
 * @param lastLineOffset where it starts
 * @param completeEnd    where the complete lines end
 * @param size           the file's size; more than {@code completeEnd} when the tail is torn
 */
record LogTail(byte[] lastLine, long lastLineOffset, long completeEnd, long size) {
    private static final int CHUNK = 8192;

    /** @throws MalformedEntryException if the last line is longer than an entry can be */
    static LogTail read(FileChannel channel) throws IOException, MalformedEntryException {
        long size = channel.size();
        long newline = lastNewlineBefore(channel, size);
        if (newline < 0) {
            return new LogTail(null, 0, 0, size);
        }
        long start = lastNewlineBefore(channel, newline) + 1;
        if (newline - start > AuditLine.MAX_BYTES) {
            throw new MalformedEntryException("at byte " + start + " is longer than an entry can be");
        }
        ByteBuffer line = ByteBuffer.allocate((int) (newline - start));
        readFully(channel, line, start);
        return new LogTail(line.array(), start, newline + 1, size);
    }

    long tornBytes() {
        return size - completeEnd;
    }

    /** The position of the last {@code '\n'} before {@code end}, or -1. */
    private static long lastNewlineBefore(FileChannel channel, long end) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (long to = end; to > 0; to -= CHUNK) {
            long from = Math.max(0, to - CHUNK);
            chunk.clear().limit((int) (to - from));
            readFully(channel, chunk, from);
            for (int i = chunk.limit() - 1; i >= 0; i--) {
                if (chunk.get(i) == '\n') {
                    return from + i;
                }
            }
        }
        return -1;
    }

    static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new EOFException("the audit log shrank while it was locked for writing");
            }
            at += n;
        }
    }
}

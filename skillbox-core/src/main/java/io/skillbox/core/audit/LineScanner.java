package io.skillbox.core.audit;

import io.skillbox.core.crypto.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Reads a log forwards, one line at a time, with each line's number, byte offset and hash. Memory stays
 * bounded however long a (tampered) line is: such a line is hashed but not kept.
 */
final class LineScanner implements AutoCloseable {
    /**
     * @param number   line number, from 1
     * @param offset   where the line starts
     * @param length   its length without the newline
     * @param bytes    its bytes without the newline, or null when longer than {@link AuditLine#MAX_BYTES}
     * @param hash     SHA-256 (hex) of those bytes
     * @param complete whether a newline ends it; only the last line of a file can lack one
     */
    record Line(int number, long offset, long length, byte[] bytes, String hash, boolean complete) {
        long end() {
            return offset + length + (complete ? 1 : 0);
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long consumed;
    private int lines;

    LineScanner(Path file) throws IOException {
        this.in = Files.newInputStream(file);
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
        long offset = consumed;
        MessageDigest digest = Digests.sha256();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long length = 0;
        while (true) {
            if (position == limit && !fill()) {
                return length == 0 ? null : line(offset, length, kept, digest, false);
            }
            int newline = indexOfNewline();
            int end = newline < 0 ? limit : newline;
            digest.update(buffer, position, end - position);
            if (length + (end - position) <= AuditLine.MAX_BYTES) {
                kept.write(buffer, position, end - position);
            }
            length += end - position;
            consumed += end - position;
            position = end;
            if (newline >= 0) {
                position++;
                consumed++;
                return line(offset, length, kept, digest, true);
            }
        }
    }

    private Line line(long offset, long length, ByteArrayOutputStream kept, MessageDigest digest, boolean complete) {
        byte[] bytes = length <= AuditLine.MAX_BYTES ? kept.toByteArray() : null;
        return new Line(++lines, offset, length, bytes, Digests.hex(digest.digest()), complete);
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

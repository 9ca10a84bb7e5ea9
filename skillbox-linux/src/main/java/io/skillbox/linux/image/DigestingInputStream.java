package io.skillbox.linux.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes every byte that passes through and counts them, so a blob is verified while it is consumed
 * instead of being read twice. {@link #drain()} reads what the consumer left (tar padding, gzip
 * trailer) because the digest covers the whole blob.
 */
final class DigestingInputStream extends FilterInputStream {
    private final MessageDigest digest = Digest.sha256();
    private final long maxBytes;
    private final String what;
    private long count;

    /**
     * @param maxBytes reading more than this fails: it stops a compressed stream that inflates forever
     * @param what     the blob, for the error message
     */
    DigestingInputStream(InputStream in, long maxBytes, String what) {
        super(in);
        this.maxBytes = maxBytes;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
            digest.update(buf, off, n);
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too, so skipping is reading.
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Reads to the end of the stream. */
    void drain() throws IOException {
        byte[] buf = new byte[65536];
        while (read(buf, 0, buf.length) >= 0) {
            // hashing happens in read
        }
    }

    long count() {
        return count;
    }

    /** The digest of everything read so far; call once, after {@link #drain()}. */
    Digest digest() {
        return new Digest(HexFormat.of().formatHex(digest.digest()));
    }

    private void counted(int n) throws IOException {
        count += n;
        if (count > maxBytes) {
            throw new LimitExceededException(what + " is larger than the limit of " + maxBytes + " bytes");
        }
    }

    /** Thrown through the stream API when a blob exceeds its cap; turned into a refusal by the caller. */
    static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceededException(String message) {
            super(message);
        }
    }
}

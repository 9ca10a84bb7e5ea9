package io.skillbox.linux.host;

import io.skillbox.linux.sys.Libc;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Drains one output stream of the sandbox, keeping at most {@code cap} bytes. The first byte past the
 * cap triggers {@code onExceeded} once (which kills the run) and everything after it is discarded, so
 * skillbox's memory stays bounded whatever the skill prints.
 */
public final class OutputPump implements Runnable {
    private final InputStream in;
    private final long cap;
    private final Runnable onExceeded;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private volatile boolean exceeded;

    /**
     * A pump reading pipe descriptor {@code fd}. Re-opening the pipe through /proc gives a plain stream; the
     * original descriptor is then closed so only the stream holds the pipe.
     */
    public static OutputPump reading(int fd, long cap, Runnable onExceeded) {
        try {
            return new OutputPump(new FileInputStream("/proc/self/fd/" + fd), cap, onExceeded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the output pipe", e);
        } finally {
            Libc.close(fd);
        }
    }

    private OutputPump(InputStream in, long cap, Runnable onExceeded) {
        this.in = in;
        this.cap = cap;
        this.onExceeded = onExceeded;
    }

    @Override
    public void run() {
        byte[] buf = new byte[16384];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                int room = (int) Math.min(n, cap - kept.size());
                if (room > 0) {
                    kept.write(buf, 0, room);
                }
                if (room < n && !exceeded) {
                    exceeded = true;
                    onExceeded.run();
                }
            }
        } catch (IOException e) {
            // The read end is closed under us only when the run is being torn down; what was read stays.
        }
    }

    public boolean exceeded() {
        return exceeded;
    }

    public synchronized byte[] bytes() {
        return kept.toByteArray();
    }
}

package io.skillbox.linux.host;

import java.util.ArrayDeque;
import java.util.Deque;

/** Resources of one run, released in reverse order of acquisition; every close is attempted. */
public final class Resources {
    private final Deque<AutoCloseable> stack = new ArrayDeque<>();

    public <T extends AutoCloseable> T add(T resource) {
        stack.push(resource);
        return resource;
    }

    /**
     * Closes everything. Failures are attached to {@code primary} when there is one; otherwise the first
     * failure is thrown after all closes were attempted.
     */
    public void closeAll(Throwable primary) {
        RuntimeException first = null;
        while (!stack.isEmpty()) {
            try {
                stack.pop().close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}

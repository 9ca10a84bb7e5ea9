package io.skillbox.linux.net;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs one task on a new platform thread that ends with it. Namespace calls ({@code unshare},
 * {@code setns}) move the calling thread only; doing them on a thread that dies right after means no
 * JVM thread is ever left in a run's namespace, even when switching back would have failed.
 */
final class ThrowawayThread {
    private ThrowawayThread() {}

    /**
     * Returns what {@code task} returned, or rethrows what it threw: {@link IOException}, unchecked
     * exceptions and errors as they are. The thread has ended when this returns. Interrupts are
     * deferred: the task's result (an open descriptor) must not be lost.
     */
    static <T> T call(String name, Callable<T> task) throws IOException {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = Thread.ofPlatform().daemon().name(name).start(future);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    thread.join();
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw unwrap(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static IOException unwrap(Throwable cause) {
        return switch (cause) {
            case IOException io -> io;
            case RuntimeException r -> throw r;
            case Error e -> throw e;
            default -> throw new IllegalStateException(cause);
        };
    }
}

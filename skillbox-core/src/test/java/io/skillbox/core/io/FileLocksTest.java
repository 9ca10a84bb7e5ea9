package io.skillbox.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.crypto.HostKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLocksTest {
    @Test
    void threadsOfOneJvmTakeTurnsInsteadOfFailing(@TempDir Path dir) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Object>> done = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                done.add(pool.submit(() -> FileLocks.withLock(dir.resolve("x.lock"), () -> {
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    Thread.onSpinWait();
                    inside.decrementAndGet();
                    return null;
                })));
            }
            for (Future<Object> f : done) {
                f.get(); // an OverlappingFileLockException would surface here
            }
        }
        assertThat(maxInside.get()).isEqualTo(1);
    }

    @Test
    void concurrentFirstUsesOfTheHostKeyAgreeOnOneKey(@TempDir Path dir) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<HostKey>> keys = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                keys.add(pool.submit(() -> HostKey.loadOrCreate(dir.resolve("keys"))));
            }
            HostKey first = keys.getFirst().get();
            for (Future<HostKey> k : keys) {
                assertThat(k.get().publicKey()).isEqualTo(first.publicKey());
            }
        }
    }
}

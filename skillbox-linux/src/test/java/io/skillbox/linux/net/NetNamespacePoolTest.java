package io.skillbox.linux.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pool when namespaces cannot be made: the caller learns why, and the pool does not spin. */
class NetNamespacePoolTest {

    @Test
    void aFailureToMakeNamespacesReachesTheCallerWithItsCause() throws InterruptedException {
        AtomicInteger attempts = new AtomicInteger();
        try (NetNamespacePool pool = new NetNamespacePool(3, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("unshare: operation not permitted");
        })) {
            assertThatThrownBy(pool::take).hasMessage("unshare: operation not permitted");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (attempts.get() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            assertThat(attempts).as("three made ahead, one on the spot, then nothing more").hasValue(4);
        }
    }

    @Test
    void refusesToHandOutAfterClose() {
        NetNamespacePool pool = new NetNamespacePool(1, () -> {
            throw new AssertionError("nothing is made before the first take");
        });
        pool.close();
        assertThatThrownBy(pool::take).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}

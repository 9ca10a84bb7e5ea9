package io.skillbox.gateway.egress;

import io.skillbox.core.error.Violation;
import java.util.List;
import java.util.function.Consumer;

/**
 * The proxy serving one run, on the listener inside that run's network namespace. It lives as long as the
 * run: {@link #close} ends every connection the skill has through it. What the skill tried outside its
 * allowlist stays readable afterwards as {@link #violations}.
 */
public final class RunProxy implements AutoCloseable {
    private final RunScope run;
    private final Consumer<RunProxy> onClose;

    RunProxy(RunScope run, Consumer<RunProxy> onClose) {
        this.run = run;
        this.onClose = onClose;
    }

    /**
     * What the skill tried outside its allowlist or limits, one entry per reason and {@code host:port} with
     * how often: field {@code network.hosts} for hosts not on the allowlist, blocked addresses and Host
     * headers that differ from the URI; {@code network.limits} for limits hit. Complete once closed.
     */
    public List<Violation> violations() {
        return run.ledger().violations();
    }

    public EgressStats stats() {
        return run.ledger().stats();
    }

    /**
     * Closes the listener and every client and upstream connection, and returns once all are closed.
     * Idempotent; not to be called from one of the proxy's I/O threads.
     */
    @Override
    public void close() {
        run.channels().closeAll();
        onClose.accept(this);
    }
}

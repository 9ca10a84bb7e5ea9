package io.skillbox.linux.net;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Network namespaces made ahead of the runs that need them. Making one costs a millisecond or two
 * (mostly the short-lived thread it needs), with a tail of several; a run takes a ready one instead and
 * a background thread makes the next. Each namespace goes to one run only and is never returned: the
 * run closes it. Nothing is made until the first {@link #take}, so hosts whose runs have no served
 * network hold no namespaces.
 */
public final class NetNamespacePool implements AutoCloseable {
    private final int size;
    private final Supplier<NetNamespace> factory;
    private final ExecutorService maker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("skillbox-netns-pool").factory());
    private final Deque<NetNamespace> ready = new ArrayDeque<>();
    /** Namespaces ready or being made. */
    private int planned;
    private boolean closed;

    /** @param size how many namespaces to keep ready */
    public NetNamespacePool(int size) {
        this(size, NetNamespace::create);
    }

    NetNamespacePool(int size, Supplier<NetNamespace> factory) {
        if (size < 1) {
            throw new IllegalArgumentException("pool size must be at least 1: " + size);
        }
        this.size = size;
        this.factory = factory;
    }

    /**
     * A fresh namespace for one run, which the caller must close. When none is ready it is made on the
     * spot, so a failure to make namespaces reaches the caller with its cause.
     */
    public NetNamespace take() {
        NetNamespace ns;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the network namespace pool is closed");
            }
            ns = ready.pollFirst();
            if (ns != null) {
                planned--;
            }
            while (planned < size) {
                planned++;
                maker.execute(this::makeOne);
            }
        }
        return ns != null ? ns : factory.get();
    }

    private void makeOne() {
        NetNamespace ns;
        try {
            ns = factory.get();
        } catch (RuntimeException e) {
            // Not lost: with nothing ready, take() makes one itself and throws this cause to its caller.
            synchronized (this) {
                planned--;
            }
            return;
        }
        synchronized (this) {
            if (!closed) {
                ready.addLast(ns);
                return;
            }
        }
        ns.close();
    }

    /** Closes the namespaces nobody took; one still being made is closed as soon as it is. */
    @Override
    public void close() {
        List<NetNamespace> unused;
        synchronized (this) {
            closed = true;
            unused = List.copyOf(ready);
            ready.clear();
        }
        maker.shutdownNow();
        unused.forEach(NetNamespace::close);
    }
}

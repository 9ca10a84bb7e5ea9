package io.skillbox.gateway.egress;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.skillbox.core.network.AddressRanges;
import io.skillbox.core.network.HostPattern;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.spec.NetworkSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The egress allowlist proxy of all runs: one instance per gateway, one {@link RunProxy} per
 * {@code allowlist} run. The host opens each run's listener inside the run's network namespace; the proxy
 * serves it from the host's event loops, so the sandbox needs no route out and no helper process.
 */
public final class EgressProxy implements AutoCloseable {
    private final EventLoopGroup group;
    private final Resolver resolver;
    private final ExecutorService resolving = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<RunProxy> runs = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param group    the event loops serving every run; NIO-capable; not owned: the caller shuts it down
     * @param resolver how names become addresses (on virtual threads, never on an event loop)
     */
    public EgressProxy(EventLoopGroup group, Resolver resolver) {
        this.group = group;
        this.resolver = resolver;
    }

    /**
     * Serves one run on a listener that is already bound and listening, inside the run's namespace.
     *
     * @param listener taken over once this returns: closed with the returned {@link RunProxy}
     * @param rules    the run's allowlist, address exemptions and limits
     * @param events   where each allow and deny is reported, with {@code runId}
     * @throws IllegalArgumentException when a host pattern or an address range is malformed
     */
    public RunProxy serve(ServerSocketChannel listener, String runId, NetworkSpec.Allowlist rules, NetworkEvents events) {
        if (closed) {
            throw new IllegalStateException("the egress proxy is closed");
        }
        List<HostPattern> allowlist = rules.hosts().stream().map(HostPattern::parse).toList();
        AddressGuard guard = new AddressGuard(AddressRanges.parse(rules.allowedAddresses()));
        Channels channels = new Channels();
        RunScope run = new RunScope(new RunLedger(runId, rules.limits(), events),
                new Gatekeeper(allowlist, guard, resolver, resolving), channels, new Upstreams(channels),
                rules.limits().headerBytes());
        ChannelFuture registered = new ServerBootstrap()
                .group(group)
                .channelFactory(() -> new NioServerSocketChannel(listener))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, Upstreams.WATER_MARK)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, Upstreams.READS)
                .childHandler(new ClientPipeline(run))
                .register() // not bind: the listener is bound already, in a namespace this thread is not in
                .awaitUninterruptibly();
        if (!registered.isSuccess()) {
            throw new UncheckedIOException(new IOException("cannot serve the egress listener of run " + runId,
                    registered.cause()));
        }
        channels.track(registered.channel());
        RunProxy proxy = new RunProxy(run, runs::remove);
        runs.add(proxy);
        if (closed) { // closed meanwhile, past the run list
            proxy.close();
            throw new IllegalStateException("the egress proxy is closed");
        }
        return proxy;
    }

    /** Closes every run's proxy still open and stops resolving; leaves the event loops to their owner. */
    @Override
    public void close() {
        closed = true;
        runs.forEach(RunProxy::close);
        resolving.shutdownNow();
    }
}

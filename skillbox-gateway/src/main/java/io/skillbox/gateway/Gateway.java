package io.skillbox.gateway;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.error.Violation;
import io.skillbox.core.network.Listeners;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.core.network.NetworkGateway;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.core.policy.Policy;
import io.skillbox.gateway.broker.Broker;
import io.skillbox.gateway.broker.BrokerListener;
import io.skillbox.gateway.broker.RunGrant;
import io.skillbox.gateway.egress.EgressProxy;
import io.skillbox.gateway.egress.Resolver;
import io.skillbox.gateway.egress.RunProxy;
import io.skillbox.gateway.secrets.SecretResolver;
import io.skillbox.gateway.secrets.SecretStore;
import io.skillbox.gateway.token.ScopedTokens;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The egress proxy and the credential broker, tied to runs: for each run that needs them, a
 * {@link RunNetwork} that serves the run's own namespace and nothing else. One event loop group serves
 * every run. {@link #open(Policy, NetworkEvents)} defers everything (key, secret store, threads) to the
 * first networked run, so a run without network pays nothing for it.
 */
public final class Gateway implements NetworkGateway {
    /** The broker's token key, next to the audit log's host key but never the same key. */
    public static final String BROKER_KEY = "broker.key";

    private final EventLoopGroup group;
    private final EgressProxy proxy;
    private final Broker broker;
    private final NetworkEvents events;

    /**
     * @param env the host environment that {@code env:} secret references read (normally {@link System#getenv()})
     */
    public Gateway(Policy policy, KeyPair brokerKey, Resolver resolver, NetworkEvents events, Map<String, String> env,
            Clock clock) {
        this.events = events;
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("skillbox-gateway", true),
                NioIoHandler.newFactory());
        this.proxy = new EgressProxy(group, resolver);
        SecretStore store = SecretStore.open(policy.credentials().store(), env);
        this.broker = new Broker(policy.credentials(), new ScopedTokens(brokerKey, clock),
                new SecretResolver(env, store), group, clock, events);
    }

    /**
     * The gateway of a host: the broker key in {@code STATE/keys/broker.key}, the system resolver and
     * environment; made on the first networked run.
     */
    public static NetworkGateway open(Policy policy, NetworkEvents events) {
        return new NetworkGateway() {
            private Gateway gateway;

            @Override
            public synchronized RunNetwork open(SandboxSpec spec) {
                if (spec.network() instanceof NetworkSpec.None) {
                    return RunNetwork.NONE;
                }
                if (gateway == null) {
                    gateway = forHost(policy, events);
                }
                return gateway.open(spec);
            }

            @Override
            public synchronized void close() {
                if (gateway != null) {
                    gateway.close();
                }
            }
        };
    }

    /** The gateway of a host, made now: for commands that use the broker directly. */
    public static Gateway forHost(Policy policy, NetworkEvents events) {
        HostKey key = HostKey.loadOrCreate(policy.oversight().stateDir().resolve("keys"), BROKER_KEY);
        return new Gateway(policy, new KeyPair(key.publicKey(), key.privateKey()), Resolver.SYSTEM, events,
                System.getenv(), Clock.systemUTC());
    }

    /** The broker, for minting agent tokens and serving its API on a host socket. */
    public Broker broker() {
        return broker;
    }

    @Override
    public RunNetwork open(SandboxSpec spec) {
        return switch (spec.network()) {
            case NetworkSpec.None none -> RunNetwork.NONE;
            case NetworkSpec.Allowlist rules -> new ProxiedRun(spec.runId(), rules);
            case NetworkSpec.Broker grants -> new BrokeredRun(spec.runId(),
                    broker.admit(spec.runId(), spec.skill().name(), grants, spec.limits().timeout()));
        };
    }

    @Override
    public void close() {
        try {
            proxy.close();
            broker.close();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Mode allowlist: the egress proxy on 127.0.0.1:{@value NetworkSpec#PROXY_PORT} of the run's namespace. */
    private final class ProxiedRun implements RunNetwork {
        private final String runId;
        private final NetworkSpec.Allowlist rules;
        private volatile RunProxy served;

        ProxiedRun(String runId, NetworkSpec.Allowlist rules) {
            this.runId = runId;
            this.rules = rules;
        }

        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public void serve(Listeners listeners) throws IOException {
            served = proxy.serve(listeners.listen(NetworkSpec.PROXY_PORT), runId, rules, events);
        }

        @Override
        public List<Violation> violations() {
            RunProxy p = served;
            return p == null ? List.of() : p.violations();
        }

        @Override
        public void close() {
            RunProxy p = served;
            if (p != null) {
                p.close();
            }
        }
    }

    /** Mode broker: the broker on 127.0.0.1:{@value NetworkSpec#BROKER_PORT}, accepting only this run's token. */
    private final class BrokeredRun implements RunNetwork {
        private final String runId;
        private final RunGrant grant;
        private volatile BrokerListener served;
        private volatile boolean closed;

        BrokeredRun(String runId, RunGrant grant) {
            this.runId = runId;
            this.grant = grant;
        }

        @Override
        public Map<String, String> environment() {
            return Map.of("SKILLBOX_TOKEN", grant.token());
        }

        @Override
        public void serve(Listeners listeners) throws IOException {
            served = broker.serve(listeners.listen(NetworkSpec.BROKER_PORT), Optional.of(runId));
        }

        @Override
        public List<Violation> violations() {
            return broker.violations(runId);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                BrokerListener l = served;
                if (l != null) {
                    l.close();
                }
            } finally {
                broker.end(runId);
            }
        }
    }
}

package io.skillbox.gateway.broker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.core.policy.CredentialPolicy;
import io.skillbox.gateway.secrets.SecretResolver;
import io.skillbox.gateway.token.ScopedTokens;
import io.skillbox.gateway.token.TokenClaims;
import io.skillbox.spec.NetworkSpec;
import java.net.http.HttpClient;
import java.nio.channels.ServerSocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credential broker. It alone holds the raw keys: a run gets a scoped token naming the capabilities
 * its manifest declared and its agent was granted, and the broker checks that token on every call
 * (signature and expiry, no lookup but whether the run is still live), injects the key and forwards
 * to the provider. Agents that run skills elsewhere mint scoped tokens from their own over the same API.
 */
public final class Broker implements AutoCloseable {
    /** The largest request body the broker takes. */
    static final int MAX_REQUEST = 1 << 20;
    /** An idle connection is dropped after this long. */
    private static final int IDLE_SECONDS = 120;

    private final CredentialPolicy policy;
    private final SecretResolver secrets;
    private final EventLoopGroup group;
    private final Clock clock;
    private final RunRegistry runs;
    private final TokenIssuer issuer;
    private final Gatekeeper gate;
    private final TokenEndpoints tokenEndpoints;
    private final ProxyEndpoint proxy;
    private final HttpClient http;
    private final Set<BrokerListener> listeners = ConcurrentHashMap.newKeySet();

    /**
     * @param tokens the broker's signing key and clock
     * @param group  the Netty NIO event loops that serve the listeners; the caller owns and shuts them down
     * @param events where every mint, refusal and brokered call is reported
     */
    public Broker(CredentialPolicy policy, ScopedTokens tokens, SecretResolver secrets, EventLoopGroup group,
            Clock clock, NetworkEvents events) {
        this.policy = policy;
        this.secrets = secrets;
        this.group = group;
        this.clock = clock;
        this.runs = new RunRegistry(clock);
        this.issuer = new TokenIssuer(tokens, events);
        this.gate = new Gatekeeper(tokens, runs, events);
        this.tokenEndpoints = new TokenEndpoints(policy, gate, issuer, events, clock);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                // A redirect would carry the injected key to wherever the provider points.
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(ProxyEndpoint.TIMEOUT)
                .build();
        this.proxy = new ProxyEndpoint(policy, secrets, http, runs, events);
    }

    /**
     * A run starts: checks that every capability has a provider, a resolvable key and a grant to the
     * run's agent, registers the run as live and mints its token ({@code exp} at most the policy's
     * {@code maxTokenTtl}, refreshable until the run's timeout).
     *
     * @throws SkillboxException naming every capability the broker cannot serve, or a re-used run id
     */
    public RunGrant admit(String runId, String skill, NetworkSpec.Broker spec, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a run's timeout must be positive");
        }
        List<Violation> problems = check(spec);
        if (!problems.isEmpty()) {
            throw new SkillboxException(ErrorCode.POLICY_VIOLATION,
                    "the credential broker cannot serve run " + runId + " of " + skill, problems);
        }
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant limit = now.plusSeconds(ceilSeconds(timeout));
        Instant exp = now.plusSeconds(Math.min(ceilSeconds(policy.maxTokenTtl()), ceilSeconds(timeout)));
        runs.admit(runId, spec.agent(), limit);
        TokenClaims claims = new TokenClaims(spec.agent() + ":" + skill + ":" + runId, spec.agent(), spec.capabilities(),
                now, exp, TokenClaims.newId(), TokenClaims.Kind.SCOPED, Optional.of(runId), limit);
        return new RunGrant(issuer.mint(claims), claims);
    }

    /** The run has ended: its tokens, refreshed ones included, are refused from now on. */
    public void end(String runId) {
        runs.end(runId);
    }

    /**
     * Serves the broker's HTTP API on an already bound, listening socket (a run's namespace listener, or a
     * host socket for agents). The socket is served as it is, never bound again.
     *
     * @param runId present for a run's own listener: only that run's tokens are accepted on it
     */
    public BrokerListener serve(ServerSocketChannel listener, Optional<String> runId) {
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ChannelFactory<ServerChannel> adopt = () -> new NioServerSocketChannel(listener);
        ChannelFuture registered = new ServerBootstrap()
                .group(group)
                .channelFactory(adopt)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(new ReadTimeoutHandler(IDLE_SECONDS), new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_REQUEST),
                                new BrokerHandler(gate, proxy, tokenEndpoints, runId));
                    }
                })
                .register()
                .awaitUninterruptibly();
        if (!registered.isSuccess()) {
            throw new SkillboxException(ErrorCode.INTERNAL, "the broker cannot serve its listener: "
                    + registered.cause().getMessage(), registered.cause());
        }
        BrokerListener served = new BrokerListener(listener, registered.channel(), connections);
        listeners.add(served);
        registered.channel().closeFuture().addListener(f -> listeners.remove(served));
        return served;
    }

    /**
     * An agent token for {@code skillbox token agent NAME}: it carries the agent's grants and mints scoped
     * tokens for them; it calls no provider itself.
     *
     * @throws SkillboxException when the policy has no such agent
     */
    public String mintAgentToken(String agent, Duration ttl) {
        CredentialPolicy.Agent a = policy.agents().get(agent);
        if (a == null) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "agent '" + agent + "' is not in the policy"
                    + " (known: " + policy.agents().keySet().stream().sorted().toList() + "; add it under credentials.agents)");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token's lifetime must be positive");
        }
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant exp = now.plusSeconds(ceilSeconds(ttl));
        return issuer.mint(new TokenClaims("agent:" + agent, agent, a.grants(), now, exp, TokenClaims.newId(),
                TokenClaims.Kind.AGENT, Optional.empty(), exp));
    }

    /** What the run called without a grant (field {@code credentials}), one violation per capability. */
    public List<Violation> violations(String runId) {
        return runs.violations(runId);
    }

    /** Stops serving every listener and abandons calls in flight; the event loops stay the caller's. */
    @Override
    public void close() {
        listeners.forEach(BrokerListener::close);
        listeners.clear();
        http.shutdownNow();
        try {
            http.awaitTermination(ProxyEndpoint.TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Violation> check(NetworkSpec.Broker spec) {
        List<Violation> problems = new ArrayList<>();
        CredentialPolicy.Agent agent = policy.agents().get(spec.agent());
        if (agent == null) {
            problems.add(new Violation("credentials", "agent '" + spec.agent() + "' is not in the policy",
                    "add it under credentials.agents, or run as a known agent"));
        }
        for (String c : spec.capabilities()) {
            Optional<CredentialPolicy.Provider> provider = policy.provider(c);
            if (provider.isEmpty()) {
                problems.add(new Violation("credentials", "capability '" + c + "' has no provider in the policy",
                        "add credentials.providers." + c + " to the policy, or drop it from the manifest"));
                continue;
            }
            if (agent != null && !agent.grants().contains(c)) {
                problems.add(new Violation("credentials", "capability '" + c + "' is not granted to agent "
                        + spec.agent(), "add it to credentials.agents." + spec.agent() + ".grants"));
            }
            try {
                secrets.resolve(provider.get().secret());
            } catch (SkillboxException e) {
                problems.add(new Violation("credentials", "capability '" + c + "': " + e.getMessage(),
                        "provide the key " + provider.get().secret() + " on the host"));
            }
        }
        return problems;
    }

    private static long ceilSeconds(Duration d) {
        return Math.max(1, d.plusNanos(999_999_999).toSeconds());
    }
}

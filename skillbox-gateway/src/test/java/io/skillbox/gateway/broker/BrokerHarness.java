package io.skillbox.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.json.Json;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.core.policy.CredentialPolicy;
import io.skillbox.gateway.secrets.SecretResolver;
import io.skillbox.gateway.secrets.SecretStore;
import io.skillbox.gateway.token.MutableClock;
import io.skillbox.gateway.token.ScopedTokens;
import io.skillbox.spec.NetworkSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * A broker on real sockets with three real providers, one per way of injecting a key, and a skill-side
 * HTTP client. Every key and token the test sees is checked, at the end, never to appear in an event.
 */
final class BrokerHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-02-11T16:00:00Z");
    static final String WEATHER_KEY = "owm-KEY-1a2b3c4d5e6f";
    static final String WEATHER_BASIC_KEY = "basic-KEY-0011223344";
    static final String MAPS_KEY = "maps-KEY-9f8e7d6c5b4a";
    static final String GEO_KEY = "geo KEY+/&=\"7x9y8z\"";
    static final List<String> KEYS = List.of(WEATHER_KEY, WEATHER_BASIC_KEY, MAPS_KEY, GEO_KEY);

    /** One event as the broker reported it. */
    record Event(String runId, String name, Map<String, Object> details) {}

    /** What the skill got back. */
    record Reply(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return Json.json().readTree(body);
        }
    }

    final KeyPair key = Ed25519.generate();
    final MutableClock clock = new MutableClock(T0);
    final ScopedTokens tokens = new ScopedTokens(key, clock);
    final FakeProvider bearerApi = new FakeProvider();
    final FakeProvider headerApi = new FakeProvider();
    final FakeProvider queryApi = new FakeProvider();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> tokensSeen = new CopyOnWriteArrayList<>();
    final CredentialPolicy policy;
    final Broker broker;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY).build();

    BrokerHarness(Path dir) {
        policy = new CredentialPolicy(Map.of(
                "weather/current", new CredentialPolicy.Provider(bearerApi.base(), new CredentialPolicy.Bearer(), "env:WEATHER_KEY"),
                "weather", new CredentialPolicy.Provider(headerApi.base(),
                        new CredentialPolicy.Header("X-Weather-Key", ""), "env:WEATHER_BASIC_KEY"),
                "maps", new CredentialPolicy.Provider(headerApi.base(), new CredentialPolicy.Header("X-Api-Key", "Key "),
                        "store:maps"),
                "geo", new CredentialPolicy.Provider(queryApi.base(), new CredentialPolicy.Query("appid"), "env:GEO_KEY"),
                "broken", new CredentialPolicy.Provider(queryApi.base(), new CredentialPolicy.Bearer(), "env:ABSENT_KEY")),
                Map.of("local", new CredentialPolicy.Agent(List.of("weather/current", "weather", "maps", "geo", "broken")),
                        "limited", new CredentialPolicy.Agent(List.of("maps"))),
                new CredentialPolicy.Store(dir.resolve("secrets.json"), "", dir.resolve("secrets.key")),
                Duration.ofMinutes(5));
        SecretStore store = SecretStore.open(policy.store(), Map.of());
        store.put("maps", MAPS_KEY);
        SecretResolver secrets = new SecretResolver(Map.of("WEATHER_KEY", WEATHER_KEY, "WEATHER_BASIC_KEY",
                WEATHER_BASIC_KEY, "GEO_KEY", GEO_KEY), store);
        NetworkEvents recorder = (runId, name, details) -> events.add(new Event(runId, name, Map.copyOf(details)));
        broker = new Broker(policy, tokens, secrets, group, clock, recorder);
    }

    /** Admits a run for agent {@code local} and returns its token. */
    String admit(String runId, Duration timeout, String... capabilities) {
        String token = broker.admit(runId, "weather-lookup", new NetworkSpec.Broker(List.of(capabilities), "local"),
                timeout).token();
        tokensSeen.add(token);
        return token;
    }

    String agentToken(String agent, Duration ttl) {
        String token = broker.mintAgentToken(agent, ttl);
        tokensSeen.add(token);
        return token;
    }

    /** A listener bound to 127.0.0.1 on a free port, served by the broker; its base URL. */
    URI listen(Optional<String> runId) {
        try {
            ServerSocketChannel ch = ServerSocketChannel.open();
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            broker.serve(ch, runId);
            return URI.create("http://127.0.0.1:" + ((InetSocketAddress) ch.getLocalAddress()).getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply call(URI base, String method, String pathAndQuery, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(r.statusCode(), r.headers().map(), r.body());
            if (reply.status() == 200 && reply.body().contains("\"token\"")) {
                tokensSeen.add(reply.json().path("token").asString());
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(URI base, String pathAndQuery, String token) {
        return call(base, "GET", pathAndQuery, token, null);
    }

    List<Event> events(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    int providerCalls() {
        return bearerApi.seen.size() + headerApi.seen.size() + queryApi.seen.size();
    }

    @Override
    public void close() {
        List<String> secrets = new ArrayList<>(KEYS);
        secrets.addAll(tokensSeen);
        for (Event e : events) {
            for (String s : secrets) {
                assertThat(e.toString()).as("event %s", e.name()).doesNotContain(s);
            }
        }
        broker.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        client.close();
        bearerApi.close();
        headerApi.close();
        queryApi.close();
    }
}

package io.skillbox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.skillbox.core.TestBundles;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The network modes attacked from inside real sandboxes through `bin/skillbox run`, with real local HTTP
 * servers standing in for provider APIs and for hosts the skill must not reach. Every claim is checked
 * on the host side: what each server saw, what the audit log recorded.
 */
class NetworkCliIT {
    private static final String KEY = "sk-live-7f3a9c-provider-key-never-in-a-sandbox";
    private static final String OTHER_KEY = "sk-other-51d0-key";

    @TempDir
    Path temp;

    HttpServer provider;
    int port;
    final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    ServerSocket forbidden;
    final AtomicInteger forbiddenConnections = new AtomicInteger();
    DatagramSocket udp;

    @BeforeEach
    void servers() throws IOException {
        provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        provider.createContext("/", this::provide);
        provider.start();
        port = provider.getAddress().getPort();
        forbidden = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!forbidden.isClosed()) {
                try (Socket s = forbidden.accept()) {
                    forbiddenConnections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        udp = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        udp.setSoTimeout(300);
    }

    @AfterEach
    void stop() throws IOException {
        provider.stop(0);
        forbidden.close();
        udp.close();
    }

    /** A provider API: /forecast wants the key in X-Api-Key; /echo repeats the key back; /other/ wants a bearer. */
    private void provide(HttpExchange x) throws IOException {
        seen.add(Map.of("path", x.getRequestURI().toString(),
                "key", String.valueOf(x.getRequestHeaders().getFirst("X-Api-Key")),
                "authorization", String.valueOf(x.getRequestHeaders().getFirst("Authorization"))));
        try (InputStream in = x.getRequestBody()) {
            in.readAllBytes();
        }
        String path = x.getRequestURI().getPath();
        int status = 200;
        String body;
        if (path.equals("/forecast")) {
            boolean ok = KEY.equals(x.getRequestHeaders().getFirst("X-Api-Key"));
            status = ok ? 200 : 401;
            body = ok ? "{\"sky\": \"clear\"}" : "{\"error\": \"bad key\"}";
        } else if (path.equals("/echo")) {
            x.getResponseHeaders().add("X-Echo", "key=" + x.getRequestHeaders().getFirst("X-Api-Key"));
            body = "you sent " + x.getRequestHeaders().getFirst("X-Api-Key");
        } else {
            body = "hello from the provider";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private Path policy(String allowAddresses) throws IOException {
        Path policy = Cli.isolatedPolicy(temp, """
                network:
                  hosts: ["*:443", "*:80", "localhost:%1$d", "localhost:%2$d"]
                  allowAddresses: %3$s
                credentials:
                  providers:
                    demo/weather: { upstream: "http://127.0.0.1:%1$d/", inject: { header: X-Api-Key }, secret: "store:weather" }
                    demo/other: { upstream: "http://127.0.0.1:%1$d/other/", inject: bearer, secret: "store:other" }
                  agents:
                    local: { grants: [demo/weather] }
                    ci: { grants: [demo/other] }
                  store: { keyEnv: SKILLBOX_IT_UNSET_SECRETS_KEY, file: %4$s, keyFile: %5$s }
                """.formatted(port, forbidden.getLocalPort(), allowAddresses, temp.resolve("state/secrets.json"),
                temp.resolve("state/keys/secrets.key")));
        for (Map.Entry<String, String> secret : Map.of("weather", KEY, "other", OTHER_KEY).entrySet()) {
            Cli.Result set = Cli.withStdin(secret.getValue() + "\n", "secrets", "set", secret.getKey(), "--policy",
                    policy.toString());
            assertThat(set.exitCode()).as(set.toString()).isZero();
            assertThat(set.stdout()).doesNotContain(secret.getValue());
        }
        return policy;
    }

    private Path probe(String name, String network) throws IOException {
        return TestBundles.write(Files.createDirectories(temp.resolve(name)), """
                apiVersion: skillbox/v1
                name: %s
                version: 0.0.1
                entrypoint: [python3, probe.py]
                resources: { timeout: 30s }
                network: %s
                """.formatted(name, network), Map.of("probe.py", Files.readString(
                Path.of("src/test/resources/network/probe.py"))));
    }

    private record Probed(Cli.Result cli, List<JsonNode> results) {}

    private Probed run(Path policy, Path bundle, String steps, String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "run";
        args[1] = bundle.toString();
        args[2] = "--params";
        args[3] = "{\"steps\": [" + steps + "]}";
        System.arraycopy(extra, 0, args, 4, extra.length);
        Cli.Result r = Cli.withPolicy(policy, args);
        List<JsonNode> results = r.exitCode() == 0
                ? Json.json().readTree(r.stdout()).path("results").valueStream().toList() : List.of();
        return new Probed(r, results);
    }

    /** On every tier: the run's namespace is the same whichever runtime joins it, gVisor's Sentry included. */
    @ParameterizedTest
    @ValueSource(strings = {"namespaces", "container", "gvisor"})
    void theBrokerAddsTheKeyWhichNeverReachesTheSandbox(String tier) throws IOException {
        Path policy = policy("[]");
        Probed p = run(policy, probe("broker-probe", "{ mode: broker }\ncredentials: [demo/weather]"), """
                {"kind": "broker", "path": "/v1/proxy/demo/weather/forecast?city=Oslo"},
                {"kind": "broker", "path": "/v1/proxy/demo/weather/echo"},
                {"kind": "broker", "path": "/v1/proxy/demo/other/anything"},
                {"kind": "forged", "change": "widen", "path": "/v1/proxy/demo/other/anything"},
                {"kind": "forged", "change": "alg-none", "path": "/v1/proxy/demo/weather/forecast"},
                {"kind": "direct", "url": "http://127.0.0.1:%d/forecast"},
                {"kind": "direct", "url": "http://localhost:%d/"},
                {"kind": "environment"}
                """.formatted(port, port), "--isolation", tier);

        assertThat(p.cli().exitCode()).as(p.cli().toString()).isZero();
        List<JsonNode> r = p.results();
        assertThat(r.get(0).path("status").intValue()).isEqualTo(200);
        assertThat(r.get(0).path("body").stringValue()).contains("clear");
        assertThat(r.get(1).path("status").intValue()).isEqualTo(200);
        assertThat(r.get(1).path("body").stringValue()).contains("[redacted]");
        assertThat(r.get(2).path("status").intValue()).as("a capability the token lacks").isEqualTo(403);
        assertThat(r.get(3).path("status").intValue()).as("widened token").isEqualTo(401);
        assertThat(r.get(4).path("status").intValue()).as("alg none").isEqualTo(401);
        assertThat(r.get(5).has("error")).as("the provider directly").isTrue();
        assertThat(r.get(6).has("error")).as("the provider by name").isTrue();
        assertThat(r.get(7).path("environ").stringValue()).contains("SKILLBOX_TOKEN=").contains("SKILLBOX_BROKER_URL=");
        // Host side: the key went out twice, only from the broker; the token never did; no echo came back.
        assertThat(p.cli().stdout() + p.cli().stderr()).doesNotContain(KEY).doesNotContain(OTHER_KEY);
        assertThat(seen).extracting(s -> s.get("path")).containsExactly("/forecast?city=Oslo", "/echo");
        assertThat(seen).allSatisfy(s -> {
            assertThat(s.get("key")).isEqualTo(KEY);
            assertThat(s.get("authorization")).isEqualTo("null");
        });
        String audit = Files.readString(temp.resolve("state/audit/audit.jsonl"));
        assertThat(audit).contains("token.minted").contains("credential.used").contains("credential.refused")
                .doesNotContain(KEY);
    }

    @Test
    void aTokenDiesWithItsRunAndNeverServesAnotherRunsCapabilities() throws IOException {
        Path policy = policy("[]");
        Probed first = run(policy, probe("first", "{ mode: broker }\ncredentials: [demo/weather]"), "{\"kind\": \"token\"}");
        assertThat(first.cli().exitCode()).as(first.cli().toString()).isZero();
        String stale = first.results().getFirst().path("token").stringValue();

        Probed second = run(policy, probe("second", "{ mode: broker }\ncredentials: [demo/other]"), """
                {"kind": "broker", "token": "%1$s", "path": "/v1/proxy/demo/weather/forecast"},
                {"kind": "broker", "token": "%1$s", "path": "/v1/proxy/demo/other/x"},
                {"kind": "broker", "path": "/v1/proxy/demo/weather/forecast"},
                {"kind": "broker", "path": "/v1/proxy/demo/other/x"}
                """.formatted(stale), "--agent", "ci");

        assertThat(second.cli().exitCode()).as(second.cli().toString()).isZero();
        List<JsonNode> r = second.results();
        assertThat(r.get(0).path("status").intValue()).as("run A's token after run A").isEqualTo(401);
        assertThat(r.get(1).path("status").intValue()).as("run A's token for run B's capability").isEqualTo(401);
        assertThat(r.get(2).path("status").intValue()).as("run B's token for run A's capability").isEqualTo(403);
        assertThat(r.get(3).path("status").intValue()).isEqualTo(200);
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.get("path")).isEqualTo("/other/x");
            assertThat(s.get("authorization")).isEqualTo("Bearer " + OTHER_KEY);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"namespaces", "container", "gvisor"})
    void theAllowlistReachesListedHostsThroughTheProxyAndNothingElse(String tier) throws IOException, InterruptedException {
        Path policy = policy("[127.0.0.1/32]");
        int other = forbidden.getLocalPort();
        Probed p = run(policy, probe("allowlist-probe", "{ mode: allowlist, hosts: [\"localhost:" + port + "\"] }"), """
                {"kind": "get", "url": "http://localhost:%1$d/hello"},
                {"kind": "get", "url": "http://localhost:%2$d/"},
                {"kind": "get", "url": "http://127.0.0.1:%1$d/"},
                {"kind": "raw", "port": 3128, "data": "GET http://localhost:%1$d/ HTTP/1.1\\r\\nHost: localhost:%2$d\\r\\n\\r\\n"},
                {"kind": "tunnel", "port": 3128, "target": "localhost:%2$d", "request": "x"},
                {"kind": "tunnel", "port": 3128, "target": "localhost:%1$d", "request": "GET /tunnelled HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n"},
                {"kind": "direct", "url": "http://127.0.0.1:%1$d/"},
                {"kind": "direct", "url": "http://127.0.0.1:%2$d/"},
                {"kind": "udp", "host": "127.0.0.1", "port": %3$d},
                {"kind": "dns", "name": "example.com"}
                """.formatted(port, other, udp.getLocalPort()), "--isolation", tier);

        assertThat(p.cli().exitCode()).as(p.cli().toString()).isZero();
        List<JsonNode> r = p.results();
        assertThat(r.get(0).path("status").intValue()).isEqualTo(200);
        assertThat(r.get(0).path("body").stringValue()).isEqualTo("hello from the provider");
        assertThat(r.get(1).path("status").intValue()).as("another port").isEqualTo(403);
        assertThat(r.get(2).path("status").intValue()).as("an IP literal not listed").isEqualTo(403);
        assertThat(r.get(3).path("reply").stringValue()).as("Host differs from the URI").startsWith("HTTP/1.1 403");
        assertThat(r.get(4).path("connect").stringValue()).as("CONNECT to another port").contains("403");
        assertThat(r.get(5).path("reply").stringValue()).as("CONNECT to the listed host").contains("hello from the provider");
        assertThat(r.get(6).has("error")).as("direct, bypassing the proxy").isTrue();
        assertThat(r.get(7).has("error")).isTrue();
        assertThat(r.get(9).has("error")).as("DNS").isTrue();
        // Host side.
        assertThat(forbiddenConnections).hasValue(0);
        assertThat(seen).extracting(s -> s.get("path")).containsExactly("/hello", "/tunnelled");
        try {
            udp.receive(new DatagramPacket(new byte[64], 64));
            throw new AssertionError("a UDP datagram from the sandbox arrived");
        } catch (SocketTimeoutException expected) {
            // nothing arrived
        }
        String audit = Files.readString(temp.resolve("state/audit/audit.jsonl"));
        assertThat(audit).contains("network.allowed").contains("network.denied").contains("not-allowlisted")
                .contains("host-mismatch");
    }

    @Test
    void aListedNameThatResolvesToLoopbackIsRefusedUnlessThePolicyAllowsTheAddress() throws IOException {
        Path policy = policy("[]");
        Probed p = run(policy, probe("rebind-probe", "{ mode: allowlist, hosts: [\"localhost:" + port + "\"] }"),
                "{\"kind\": \"get\", \"url\": \"http://localhost:" + port + "/\"}");

        assertThat(p.cli().exitCode()).as(p.cli().toString()).isZero();
        assertThat(p.results().getFirst().path("status").intValue()).isEqualTo(403);
        assertThat(p.results().getFirst().path("body").stringValue()).contains("loopback");
        assertThat(seen).isEmpty();
    }

    @Test
    void aJvmInsideTheSandboxUsesTheProxyToo() throws IOException {
        Path policy = policy("[127.0.0.1/32]");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path bundle = TestBundles.write(Files.createDirectories(temp.resolve("jvm")), """
                apiVersion: skillbox/v1
                name: jvm-fetch
                version: 0.0.1
                entrypoint: [%s, -Xshare:off, -XX:TieredStopAtLevel=1, Fetch.java]
                resources: { memory: 768Mi, pids: 256, timeout: 60s }
                network: { mode: allowlist, hosts: ["localhost:%d"] }
                """.formatted(java, port), Map.of("Fetch.java", """
                public class Fetch {
                    public static void main(String[] a) throws Exception {
                        var c = (java.net.HttpURLConnection) java.net.URI.create("http://localhost:%d/from-java").toURL().openConnection();
                        System.out.println("{\\"status\\": " + c.getResponseCode() + "}");
                    }
                }
                """.formatted(port)));
        Cli.Result r = Cli.withPolicy(policy, "run", bundle.toString(), "--params", "{}");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Json.json().readTree(r.stdout()).path("status").intValue()).as(r.stdout()).isEqualTo(200);
        assertThat(seen).extracting(s -> s.get("path")).containsExactly("/from-java");
    }
}

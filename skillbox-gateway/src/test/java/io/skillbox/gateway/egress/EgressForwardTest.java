package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Forward requests that pass: relayed in origin-form, bodies streamed, connections kept. */
class EgressForwardTest {
    private ProxyFixture fixture;
    private HttpOrigin api;
    private HttpOrigin other;
    private RunProxy run;

    @BeforeEach
    void setUp() throws IOException {
        api = new HttpOrigin("127.0.0.1", "api");
        other = new HttpOrigin("127.0.0.2", "other");
        fixture = new ProxyFixture().name("api.test", "127.0.0.1").name("other.test", "127.0.0.2");
        run = fixture.serve(List.of("api.test:" + api.port(), "other.test:" + other.port()), ProxyFixture.LOOPBACK);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        api.close();
        other.close();
    }

    @Test
    void getIsRelayedInOriginForm() throws IOException {
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange("GET http://api.test:" + api.port() + "/hello?x=1 HTTP/1.1\r\n"
                    + "Host: api.test:" + api.port() + "\r\n\r\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("hello from api");
        }
        assertThat(api.seen()).singleElement().satisfies(seen -> {
            assertThat(seen.target()).isEqualTo("/hello?x=1");
            assertThat(seen.headers().getFirst("Host")).isEqualTo("api.test:" + api.port());
        });
        assertThat(run.stats().connections()).isEqualTo(1);
    }

    @Test
    void postBodyIsRelayedBothWays() throws IOException {
        String body = "x".repeat(100_000);
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange("POST http://api.test:" + api.port() + "/echo HTTP/1.1\r\n"
                    + "Host: api.test:" + api.port() + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo(body);
        }
    }

    @Test
    void chunkedRequestBodyStaysChunked() throws IOException {
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange("POST http://api.test:" + api.port() + "/echo HTTP/1.1\r\n"
                    + "Host: api.test:" + api.port() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

            assertThat(response.text()).isEqualTo("hello world");
        }
    }

    @Test
    void keepAliveCarriesSequentialRequestsToDifferentHosts() throws IOException {
        try (RawClient client = fixture.client()) {
            for (String host : List.of("api", "other", "api", "api", "other")) {
                int port = host.equals("api") ? api.port() : other.port();
                RawClient.Response response = client.exchange("GET http://" + host + ".test:" + port + "/hello HTTP/1.1\r\n"
                        + "Host: " + host + ".test:" + port + "\r\n\r\n");

                assertThat(response.text()).isEqualTo("hello from " + host);
            }
            assertThat(client.closedWithin(Duration.ofMillis(200))).isFalse();
        }
        // Consecutive requests to one upstream share its connection; each switch opens a new one.
        assertThat(run.stats().connections()).isEqualTo(4);
    }

    @Test
    void largeDownloadStreamsIntact() throws IOException {
        long size = 32L << 20;
        try (RawClient client = fixture.client()) {
            client.send("GET http://api.test:" + api.port() + "/bytes?n=" + size + " HTTP/1.1\r\nHost: api.test:"
                    + api.port() + "\r\n\r\n");
            RawClient.Response response = client.response();

            assertThat(response.body()).hasSize((int) size);
            for (int i = 0; i < size; i += 4093) {
                assertThat(response.body()[i]).isEqualTo(HttpOrigin.pattern(i));
            }
        }
        assertThat(run.stats().bytes()).isGreaterThan(size);
    }

    @Test
    void hopByHopAndProxyHeadersAreNotForwarded() throws IOException {
        try (RawClient client = fixture.client()) {
            client.exchange("GET http://api.test:" + api.port() + "/hello HTTP/1.1\r\nHost: api.test:" + api.port() + "\r\n"
                    + "Proxy-Authorization: Basic c2VjcmV0\r\nProxy-Connection: keep-alive\r\n"
                    + "Connection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                    + "Trailer: X-T\r\nUpgrade: websocket\r\nX-End-To-End: kept\r\n\r\n");
        }
        var headers = api.seen().getFirst().headers();
        assertThat(headers.keySet()).map(String::toLowerCase).doesNotContain("proxy-authorization",
                "proxy-connection", "connection", "x-hop", "keep-alive", "te", "trailer", "upgrade");
        assertThat(headers.getFirst("X-End-To-End")).isEqualTo("kept");
    }

    @Test
    void connectionCannotStripFramingHeaders() throws IOException {
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange("POST http://api.test:" + api.port() + "/echo HTTP/1.1\r\n"
                    + "Host: api.test:" + api.port() + "\r\nConnection: Content-Length\r\nContent-Length: 26\r\n\r\n"
                    + "GET /smuggled HTTP/1.1\r\n\r\n");

            assertThat(response.text()).isEqualTo("GET /smuggled HTTP/1.1\r\n\r\n");
        }
        assertThat(api.seen()).extracting(HttpOrigin.Seen::target).containsExactly("/echo");
    }

    @Test
    void aMissingHostHeaderIsTakenFromTheUri() throws IOException {
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange("GET http://api.test:" + api.port() + "/hello HTTP/1.0\r\n\r\n");

            assertThat(response.text()).isEqualTo("hello from api");
            assertThat(client.closedByPeer()).isTrue(); // HTTP/1.0 without keep-alive
        }
        assertThat(api.seen().getFirst().headers().getFirst("Host")).isEqualTo("api.test:" + api.port());
    }

    @Test
    void jdkHttpClientWorksThroughTheProxy() throws Exception {
        try (HttpClient http = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", fixture.port())))
                .version(HttpClient.Version.HTTP_1_1)
                .build()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://api.test:" + api.port() + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("from the jdk")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("from the jdk");
        }
    }

    @Test
    void anUnreachableUpstreamIs502() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        fixture.close();
        fixture = new ProxyFixture().name("api.test", "127.0.0.1");
        fixture.serve(List.of("api.test:" + closedPort), ProxyFixture.LOOPBACK);
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange("GET http://api.test:" + closedPort + "/ HTTP/1.1\r\n"
                    + "Host: api.test:" + closedPort + "\r\n\r\n");

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.text()).startsWith("skillbox egress: cannot connect to api.test:" + closedPort);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        String api1 = "GET http://api.test:" + api.port() + "/hello HTTP/1.1\r\nHost: api.test:" + api.port() + "\r\n\r\n";
        String other1 = "GET http://other.test:" + other.port() + "/hello HTTP/1.1\r\nHost: other.test:" + other.port()
                + "\r\n\r\n";
        try (RawClient client = fixture.client()) {
            client.send(api1 + other1 + api1);

            assertThat(client.response().text()).isEqualTo("hello from api");
            assertThat(client.response().text()).isEqualTo("hello from other");
            assertThat(client.response().text()).isEqualTo("hello from api");
        }
    }

    @Test
    void expectContinueIsRelayed() throws IOException {
        try (RawClient client = fixture.client()) {
            client.send("POST http://api.test:" + api.port() + "/echo HTTP/1.1\r\nHost: api.test:" + api.port()
                    + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");

            assertThat(client.response().status()).isEqualTo(100);
            RawClient.Response response = client.send("hello").response();
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("hello");
        }
    }

    @Test
    void aHeadResponseHasNoBodyAndTheConnectionStaysInStep() throws Exception {
        try (HttpClient http = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", fixture.port())))
                .version(HttpClient.Version.HTTP_1_1)
                .build()) {
            URI uri = URI.create("http://api.test:" + api.port() + "/hello");
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(get.body()).isEqualTo("hello from api");
        }
    }
}

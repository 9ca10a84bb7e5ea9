package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.spec.NetworkSpec.EgressLimits;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run's budgets: connections and bytes over the whole run, and the size of one request's head. */
class EgressLimitsTest {
    private ProxyFixture fixture;
    private HttpOrigin origin;

    @BeforeEach
    void setUp() throws IOException {
        origin = new HttpOrigin("127.0.0.1", "origin");
        fixture = new ProxyFixture().name("api.test", "127.0.0.1");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        origin.close();
    }

    private RunProxy serve(EgressLimits limits) throws IOException {
        return fixture.serve(List.of("api.test:" + origin.port()), ProxyFixture.LOOPBACK, limits);
    }

    private String get(String path) {
        return "GET http://api.test:" + origin.port() + path + " HTTP/1.1\r\nHost: api.test:" + origin.port() + "\r\n\r\n";
    }

    @Test
    void connectionsBeyondTheLimitAre429() throws IOException {
        RunProxy run = serve(new EgressLimits(2, 1 << 20, 16 * 1024));
        for (int i = 0; i < 2; i++) {
            try (RawClient client = fixture.client()) {
                assertThat(client.exchange(get("/hello")).status()).isEqualTo(200);
            }
        }

        try (RawClient client = fixture.client()) {
            RawClient.Response refused = client.exchange(get("/hello"));

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.text()).startsWith("skillbox egress: ");
        }
        assertThat(origin.seen()).hasSize(2);
        assertThat(run.stats().connections()).isEqualTo(2);
        assertThat(fixture.events.named("network.denied")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "limit-connections"));
        assertThat(run.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("network.limits"));
    }

    @Test
    void requestsOverAKeptConnectionDoNotSpendTheConnectionBudget() throws IOException {
        RunProxy run = serve(new EgressLimits(1, 1 << 20, 16 * 1024));
        try (RawClient client = fixture.client()) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.exchange(get("/hello")).status()).isEqualTo(200);
            }
        }
        assertThat(run.stats().connections()).isEqualTo(1);
    }

    @Test
    void exceedingTheByteBudgetClosesTheRunsConnections() throws IOException {
        RunProxy run = serve(new EgressLimits(10, 64 * 1024, 16 * 1024));
        try (RawClient idle = fixture.client(); RawClient client = fixture.client()) {
            assertThat(idle.exchange(get("/hello")).status()).isEqualTo(200);

            client.send(get("/bytes?n=" + (1 << 20)));
            long received = client.drain();

            assertThat(received).isLessThan(1 << 20);
            assertThat(idle.closedByPeer()).isTrue();
        }
        try (RawClient late = fixture.client()) {
            assertThat(late.closedByPeer()).isTrue();
        }
        assertThat(fixture.events.named("network.denied")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "limit-bytes"));
        assertThat(run.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("network.limits");
            assertThat(v.problem()).contains("65536 bytes");
        });
    }

    @Test
    void oversizedHeadersAre431() throws IOException {
        RunProxy run = serve(new EgressLimits(10, 1 << 20, 1024));
        try (RawClient client = fixture.client()) {
            RawClient.Response refused = client.exchange("GET http://api.test:" + origin.port() + "/hello HTTP/1.1\r\n"
                    + "Host: api.test:" + origin.port() + "\r\nX-Big: " + "a".repeat(2000) + "\r\n\r\n");

            assertThat(refused.status()).isEqualTo(431);
        }
        assertThat(origin.seen()).isEmpty();
        assertThat(fixture.events.named("network.denied")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "bad-request"));
        assertThat(run.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("network.limits"));
    }

    @Test
    void theLimitCountsRequestLineAndHeadersTogether() throws IOException {
        serve(new EgressLimits(10, 1 << 20, 1024));
        try (RawClient client = fixture.client()) {
            RawClient.Response refused = client.exchange("GET http://api.test:" + origin.port() + "/" + "p".repeat(600)
                    + " HTTP/1.1\r\nHost: api.test:" + origin.port() + "\r\nX-Big: " + "a".repeat(600) + "\r\n\r\n");

            assertThat(refused.status()).isEqualTo(431);
        }
    }

    @Test
    void anOversizedRequestLineIs431() throws IOException {
        serve(new EgressLimits(10, 1 << 20, 1024));
        try (RawClient client = fixture.client()) {
            RawClient.Response refused = client.exchange("GET http://api.test:" + origin.port() + "/" + "p".repeat(2000)
                    + " HTTP/1.1\r\n\r\n");

            assertThat(refused.status()).isEqualTo(431);
        }
    }
}

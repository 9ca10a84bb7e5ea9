package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.error.Violation;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every allow and deny is an event of the run; refusals outside the contract add up to violations. */
class EgressAuditTest {
    private ProxyFixture fixture;
    private HttpOrigin origin;
    private RunProxy run;

    @BeforeEach
    void setUp() throws IOException {
        origin = new HttpOrigin("127.0.0.1", "origin");
        fixture = new ProxyFixture().name("api.test", "127.0.0.1").name("rebind.test", "10.0.0.1");
        run = fixture.serve(List.of("api.test:" + origin.port(), "rebind.test:80"), List.of("127.0.0.1/32"));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        origin.close();
    }

    private int get(String authority) throws IOException {
        try (RawClient client = fixture.client()) {
            return client.exchange("GET http://" + authority + "/ HTTP/1.1\r\nHost: " + authority + "\r\n\r\n").status();
        }
    }

    @Test
    void everyDecisionIsAnEventOfTheRun() throws IOException {
        get("api.test:" + origin.port());
        get("evil.test:80");
        get("rebind.test:80");
        try (RawClient client = fixture.client()) {
            client.exchange("GET / HTTP/1.1\r\n\r\n");
        }

        assertThat(fixture.events.all()).hasSize(4).allSatisfy(e -> assertThat(e.runId()).isEqualTo(ProxyFixture.RUN_ID));
        assertThat(fixture.events.named("network.allowed")).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("host", "api.test").containsEntry("port", origin.port())
                .containsEntry("address", "127.0.0.1").containsEntry("kind", "forward"));
        assertThat(fixture.events.named("network.denied")).extracting(e -> e.details().get("reason"))
                .containsExactly("not-allowlisted", "blocked-address", "bad-request");
        assertThat(fixture.events.named("network.denied").get(1).details())
                .containsEntry("host", "rebind.test").containsEntry("port", 80).containsEntry("kind", "forward")
                .hasEntrySatisfying("detail", d -> assertThat((String) d).contains("10.0.0.1", "private (RFC 1918)"));
        assertThat(run.stats().denied()).isEqualTo(3);
    }

    @Test
    void violationsAreCountedPerHostAndPort() throws IOException {
        for (int i = 0; i < 3; i++) {
            get("evil.test:80");
        }
        get("evil.test:8080");
        get("rebind.test:80");
        get("api.test:" + origin.port());

        List<Violation> violations = run.violations();

        assertThat(violations).hasSize(3).allSatisfy(v -> assertThat(v.field()).isEqualTo("network.hosts"));
        assertThat(violations.get(0).problem()).contains("evil.test:80", "3 times");
        assertThat(violations.get(1).problem()).contains("evil.test:8080", "once");
        assertThat(violations.get(2).problem()).contains("rebind.test:80", "10.0.0.1");
        assertThat(violations.get(0).fix()).contains("network.hosts");
    }
}

package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the allowlist and the address checks refuse, and that nothing refused reaches the upstream. */
class EgressAllowlistTest {
    private ProxyFixture fixture;
    private HttpOrigin origin;
    private TcpServer echo;

    @BeforeEach
    void setUp() throws IOException {
        origin = new HttpOrigin("127.0.0.1", "origin");
        echo = new TcpServer(TcpServer.ECHO);
        fixture = new ProxyFixture().name("api.test", "127.0.0.1").name("other.test", "127.0.0.1")
                .name("evil.test", "127.0.0.1");
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.close();
        origin.close();
        echo.close();
    }

    private RawClient.Response get(String host, int port) throws IOException {
        return get(host, port, host + ":" + port);
    }

    private RawClient.Response get(String host, int port, String hostHeader) throws IOException {
        try (RawClient client = fixture.client()) {
            return client.exchange("GET http://" + host + ":" + port + "/hello HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n");
        }
    }

    @Test
    void aHostNotOnTheAllowlistIs403AndNeverContacted() throws IOException {
        RunProxy run = fixture.serve(List.of("api.test:" + origin.port()), ProxyFixture.LOOPBACK);

        RawClient.Response response = get("evil.test", echo.port());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text()).isEqualTo("skillbox egress: evil.test:" + echo.port() + " is not on this run's allowlist");
        assertThat(response.headers()).containsEntry("connection", "close");
        assertThat(echo.accepted()).isZero();
        assertThat(run.stats()).isEqualTo(new EgressStats(0, run.stats().bytes(), 1));
    }

    @Test
    void anAllowedNameOnAnotherPortIs403() throws IOException {
        fixture.serve(List.of("api.test:" + origin.port()), ProxyFixture.LOOPBACK);

        RawClient.Response response = get("api.test", echo.port());

        assertThat(response.status()).isEqualTo(403);
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void aWildcardMatchesSubdomainsOnly() throws IOException {
        fixture.name("eu.api.test", "127.0.0.1");
        fixture.serve(List.of("*.api.test:" + origin.port()), ProxyFixture.LOOPBACK);

        assertThat(get("eu.api.test", origin.port()).status()).isEqualTo(200);
        assertThat(get("api.test", origin.port()).status()).isEqualTo(403);
    }

    @Test
    void aLoopbackLiteralIsRefusedUnlessItsRangeIsAllowed() throws IOException {
        fixture.serve(List.of("127.0.0.1:" + origin.port()), List.of());

        RawClient.Response refused = get("127.0.0.1", origin.port());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("loopback");
        assertThat(origin.seen()).isEmpty();
    }

    @Test
    void aLoopbackLiteralOnTheAllowlistPassesWhenItsRangeIsAllowed() throws IOException {
        fixture.serve(List.of("127.0.0.1:" + origin.port()), ProxyFixture.LOOPBACK);

        assertThat(get("127.0.0.1", origin.port()).text()).isEqualTo("hello from origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "fd00:ec2::254"})
    void aNameRebindingToASpecialAddressIsRefused(String address) throws IOException {
        fixture.name("rebind.test", address).serve(List.of("rebind.test:" + echo.port()), List.of());

        RawClient.Response response = get("rebind.test", echo.port());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text()).contains("resolves to").contains("blocked address");
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void anIpv4MappedLoopbackIsRefused() throws IOException {
        fixture.name("rebind.test", ProxyFixture.mapped("127.0.0.1")).serve(List.of("rebind.test:" + echo.port()), List.of());

        RawClient.Response response = get("rebind.test", echo.port());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text()).contains("loopback");
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void oneBlockedAddressAmongPublicOnesRefusesTheName() throws IOException {
        fixture.name("mixed.test", InetAddress.ofLiteral("93.184.215.14"), InetAddress.ofLiteral("127.0.0.1"))
                .serve(List.of("mixed.test:" + echo.port()), List.of());

        RawClient.Response response = get("mixed.test", echo.port());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text()).contains("127.0.0.1").contains("loopback");
        assertThat(echo.accepted()).isZero();
    }

    @Test
    void aHostHeaderNamingAnotherHostIsRefused() throws IOException {
        RunProxy run = fixture.serve(List.of("api.test:" + origin.port(), "other.test:" + origin.port()), ProxyFixture.LOOPBACK);

        RawClient.Response response = get("api.test", origin.port(), "other.test:" + origin.port());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text()).contains("Host header");
        assertThat(origin.seen()).isEmpty();
        assertThat(run.violations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("network.hosts"));
    }

    @Test
    void aHostHeaderWithoutPortMeansPort80() throws IOException {
        fixture.serve(List.of("api.test:" + origin.port()), ProxyFixture.LOOPBACK);

        assertThat(get("api.test", origin.port(), "api.test").status()).isEqualTo(403);
    }

    @Test
    void aNameThatDoesNotResolveIs502() throws IOException {
        fixture.serve(List.of("nowhere.test:" + origin.port()), ProxyFixture.LOOPBACK);

        RawClient.Response response = get("nowhere.test", origin.port());

        assertThat(response.status()).isEqualTo(502);
        assertThat(fixture.events.named("network.denied")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "resolve-failed"));
    }
}

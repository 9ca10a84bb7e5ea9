package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONNECT tunnels: raw bytes both ways once allowed, the same refusals as forward requests otherwise. */
class EgressTunnelTest {
    private ProxyFixture fixture;
    private TcpServer echo;
    private RunProxy run;

    @BeforeEach
    void setUp() throws IOException {
        echo = new TcpServer(TcpServer.ECHO);
        fixture = new ProxyFixture().name("echo.test", "127.0.0.1");
        run = fixture.serve(List.of("echo.test:" + echo.port()), ProxyFixture.LOOPBACK);
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.close();
        echo.close();
    }

    @Test
    void anAllowedTunnelRelaysBytesBothWays() throws IOException {
        try (RawClient client = fixture.client()) {
            RawClient.Response established = client.exchange("CONNECT echo.test:" + echo.port() + " HTTP/1.1\r\n"
                    + "Host: echo.test:" + echo.port() + "\r\n\r\n");
            assertThat(established.status()).isEqualTo(200);

            byte[] payload = new byte[1 << 20];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) i;
            }
            Thread.ofVirtual().start(() -> {
                try {
                    client.send(payload);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(client.read(payload.length)).isEqualTo(payload);
        }
        assertThat(run.stats().connections()).isEqualTo(1);
        assertThat(fixture.events.named("network.allowed")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("kind", "connect").containsEntry("address", "127.0.0.1"));
    }

    @Test
    void bytesSentRightAfterConnectReachTheUpstream() throws IOException {
        byte[] hello = {0x16, 0x03, 0x01, 0x00, 0x05, '\r', '\n', 'h', 'i'};
        try (RawClient client = fixture.client()) {
            byte[] connect = ("CONNECT echo.test:" + echo.port() + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] both = new byte[connect.length + hello.length];
            System.arraycopy(connect, 0, both, 0, connect.length);
            System.arraycopy(hello, 0, both, connect.length, hello.length);

            RawClient.Response established = client.send(both).response();

            assertThat(established.status()).isEqualTo(200);
            assertThat(client.read(hello.length)).isEqualTo(hello);
        }
    }

    @Test
    void aTunnelToAPortNotOnTheAllowlistIsRefused() throws IOException {
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange("CONNECT echo.test:443 HTTP/1.1\r\nHost: echo.test:443\r\n\r\n");

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.text()).isEqualTo("skillbox egress: echo.test:443 is not on this run's allowlist");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(echo.accepted()).isZero();
        assertThat(fixture.events.named("network.denied")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("kind", "connect").containsEntry("port", 443));
    }

    @Test
    void aTunnelWithoutPortIsABadRequest() throws IOException {
        try (RawClient client = fixture.client()) {
            assertThat(client.exchange("CONNECT echo.test HTTP/1.1\r\n\r\n").status()).isEqualTo(400);
        }
    }

    @Test
    void theTunnelEndsWhenTheUpstreamCloses() throws IOException {
        try (TcpServer closing = new TcpServer(socket -> {})) {
            fixture.close();
            fixture = new ProxyFixture().name("closing.test", "127.0.0.1");
            fixture.serve(List.of("closing.test:" + closing.port()), ProxyFixture.LOOPBACK);
            try (RawClient client = fixture.client()) {
                assertThat(client.exchange("CONNECT closing.test:" + closing.port() + " HTTP/1.1\r\n\r\n").status())
                        .isEqualTo(200);
                assertThat(client.closedByPeer()).isTrue();
            }
        }
    }

    @Test
    void aTunnelAfterForwardRequestsClosesTheUpstreamTheyKept() throws Exception {
        try (TcpServer origin = new TcpServer(TcpServer.HOLDING_ORIGIN)) {
            fixture.close();
            fixture = new ProxyFixture().name("echo.test", "127.0.0.1").name("origin.test", "127.0.0.1");
            fixture.serve(List.of("echo.test:" + echo.port(), "origin.test:" + origin.port()), ProxyFixture.LOOPBACK);
            try (RawClient client = fixture.client()) {
                assertThat(client.exchange("GET http://origin.test:" + origin.port() + "/ HTTP/1.1\r\nHost: origin.test:"
                        + origin.port() + "\r\n\r\n").text()).isEqualTo("ok");
                assertThat(client.exchange("CONNECT echo.test:" + echo.port() + " HTTP/1.1\r\n\r\n").status())
                        .isEqualTo(200);

                assertThat(origin.awaitClosedByPeer()).isTrue();
                assertThat(client.send("still relayed").read(13)).asString(StandardCharsets.US_ASCII).isEqualTo("still relayed");
            }
        }
    }
}

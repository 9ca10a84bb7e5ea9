package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run's proxy ends with the run: listener, client and upstream connections all closed. */
class EgressCloseTest {
    private ProxyFixture fixture;
    private TcpServer echo;
    private TcpServer origin;

    @BeforeEach
    void setUp() throws IOException {
        echo = new TcpServer(TcpServer.ECHO);
        origin = new TcpServer(TcpServer.HOLDING_ORIGIN);
        fixture = new ProxyFixture().name("echo.test", "127.0.0.1").name("origin.test", "127.0.0.1");
    }

    @AfterEach
    void tearDown() throws IOException {
        fixture.close();
        echo.close();
        origin.close();
    }

    @Test
    void theListenerAcceptsOnceServed() throws IOException {
        fixture.serve(List.of(), List.of());
        try (RawClient client = fixture.client()) {
            assertThat(client.exchange("GET / HTTP/1.1\r\n\r\n").status()).isEqualTo(400);
        }
    }

    @Test
    void closeEndsTunnelsKeptUpstreamsAndTheListener() throws Exception {
        RunProxy run = fixture.serve(List.of("echo.test:" + echo.port(), "origin.test:" + origin.port()),
                ProxyFixture.LOOPBACK);
        try (RawClient tunnel = fixture.client(); RawClient forward = fixture.client()) {
            assertThat(tunnel.exchange("CONNECT echo.test:" + echo.port() + " HTTP/1.1\r\n\r\n").status()).isEqualTo(200);
            assertThat(forward.exchange("GET http://origin.test:" + origin.port() + "/ HTTP/1.1\r\nHost: origin.test:"
                    + origin.port() + "\r\n\r\n").text()).isEqualTo("ok");

            run.close();

            assertThat(fixture.listener().isOpen()).isFalse();

            assertThat(tunnel.closedByPeer()).isTrue();
            assertThat(forward.closedByPeer()).isTrue();
            assertThat(echo.awaitClosedByPeer()).isTrue();
            assertThat(origin.awaitClosedByPeer()).isTrue();
        }
        run.close(); // idempotent
    }

    @Test
    void closingTheProxyClosesEveryRunAndRefusesNewOnes() throws IOException {
        fixture.serve(List.of(), List.of());
        ServerSocketChannel first = fixture.listener();
        fixture.serve(List.of(), List.of());

        fixture.closeProxy();

        assertThat(first.isOpen()).isFalse();
        assertThat(fixture.listener().isOpen()).isFalse();
        assertThatThrownBy(() -> fixture.serve(List.of(), List.of())).isInstanceOf(IllegalStateException.class);
    }
}

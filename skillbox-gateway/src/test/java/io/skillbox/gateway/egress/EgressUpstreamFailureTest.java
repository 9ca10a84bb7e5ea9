package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upstreams that do not answer: a 502 with a short text, for forward requests and tunnels alike. */
class EgressUpstreamFailureTest {
    private ProxyFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ProxyFixture().name("up.test", "127.0.0.1");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** A listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs. */
    private static ServerSocket blackhole(List<Socket> fillers) throws IOException {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        while (true) {
            Socket filler = new Socket();
            fillers.add(filler);
            try {
                filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 300);
            } catch (SocketTimeoutException e) {
                return server;
            }
        }
    }

    @Test
    void anUpstreamThatDoesNotAnswerTimesOutAfterFiveSeconds() throws IOException {
        List<Socket> fillers = new ArrayList<>();
        try (ServerSocket server = blackhole(fillers)) {
            int port = server.getLocalPort();
            fixture.serve(List.of("up.test:" + port), ProxyFixture.LOOPBACK);
            long start = System.nanoTime();
            try (RawClient c = fixture.client()) {
                RawClient.Response response = c.exchange("GET http://up.test:" + port + "/ HTTP/1.1\r\nHost: up.test:"
                        + port + "\r\n\r\n");

                assertThat(response.status()).isEqualTo(502);
                assertThat(response.text()).isEqualTo("skillbox egress: cannot connect to up.test:" + port
                        + ": no answer within 5 s");
                assertThat((System.nanoTime() - start) / 1_000_000).isBetween(4_500L, 9_000L);
            }
        } finally {
            for (Socket filler : fillers) {
                filler.close();
            }
        }
    }

    @Test
    void aTunnelToAClosedPortIs502() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        fixture.serve(List.of("up.test:" + port), ProxyFixture.LOOPBACK);
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange("CONNECT up.test:" + port + " HTTP/1.1\r\n\r\n");

            assertThat(response.status()).isEqualTo(502);
            assertThat(response.text()).startsWith("skillbox egress: cannot connect to 127.0.0.1 port " + port);
        }
    }
}

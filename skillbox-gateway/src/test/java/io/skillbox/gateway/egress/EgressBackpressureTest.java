package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies are streamed, never gathered: when one side stops reading, the proxy stops reading the other,
 * so what is in flight stays within socket buffers and the proxy's write marks.
 */
class EgressBackpressureTest {
    /** Far more than socket buffers and the proxy's marks hold together; far less than the bodies. */
    private static final long IN_FLIGHT_BOUND = 48L << 20;
    private static final long ENDLESS = 1L << 40;

    private final AtomicLong sent = new AtomicLong();
    private ProxyFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ProxyFixture().name("up.test", "127.0.0.1");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** Writes until it blocks, counting; returns when the connection fails. */
    private void flood(OutputStream out) {
        byte[] block = new byte[64 * 1024];
        try {
            while (true) {
                out.write(block);
                sent.addAndGet(block.length);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void assertStalls() throws InterruptedException {
        Thread.sleep(1500);
        long before = sent.get();
        Thread.sleep(500);
        assertThat(sent.get()).isLessThan(IN_FLIGHT_BOUND).isLessThan(before + (4 << 20));
    }

    private static void skipHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c == -1) {
                return;
            }
            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }

    @Test
    void aClientThatStopsReadingStopsTheDownload() throws Exception {
        try (TcpServer origin = new TcpServer(socket -> {
                skipHead(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + ENDLESS + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                flood(out);
            })) {
            fixture.serve(List.of("up.test:" + origin.port()), ProxyFixture.LOOPBACK);
            try (RawClient client = fixture.client()) {
                client.send("GET http://up.test:" + origin.port() + "/ HTTP/1.1\r\nHost: up.test:" + origin.port() + "\r\n\r\n");

                assertStalls();
            }
        }
    }

    @Test
    void anUpstreamThatStopsReadingStopsTheUpload() throws Exception {
        try (TcpServer origin = new TcpServer(socket -> {
                skipHead(socket.getInputStream());
                Thread.sleep(60_000); // reads nothing more
            })) {
            fixture.serve(List.of("up.test:" + origin.port()), ProxyFixture.LOOPBACK);
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), fixture.port())) {
                OutputStream out = client.getOutputStream();
                out.write(("POST http://up.test:" + origin.port() + "/ HTTP/1.1\r\nHost: up.test:" + origin.port()
                        + "\r\nContent-Length: " + ENDLESS + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                Thread.ofVirtual().start(() -> flood(out));

                assertStalls();
            }
        }
    }

    @Test
    void aTunnelClientThatStopsReadingStopsTheUpstream() throws Exception {
        try (TcpServer origin = new TcpServer(socket -> flood(socket.getOutputStream()))) {
            fixture.serve(List.of("up.test:" + origin.port()), ProxyFixture.LOOPBACK);
            try (RawClient client = fixture.client()) {
                assertThat(client.exchange("CONNECT up.test:" + origin.port() + " HTTP/1.1\r\n\r\n").status()).isEqualTo(200);

                assertStalls();
            }
        }
    }
}

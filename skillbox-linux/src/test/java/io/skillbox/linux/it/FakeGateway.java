package io.skillbox.linux.it;

import io.skillbox.core.error.Violation;
import io.skillbox.core.network.Listeners;
import io.skillbox.core.network.RunNetwork;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the egress proxy or the broker of one run: listens on one port inside the run's
 * namespace, answers every connection with a line holding its own token, and counts connections.
 */
final class FakeGateway implements RunNetwork {
    private final int port;
    private final String token = SandboxIT.token();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile ServerSocketChannel server;
    private volatile Thread acceptor;

    FakeGateway(int port) {
        this.port = port;
    }

    /** What the run must read from its gateway, and finds in its environment. */
    String token() {
        return token;
    }

    int connections() {
        return connections.get();
    }

    @Override
    public Map<String, String> environment() {
        return Map.of("HTTP_PROXY", "http://127.0.0.1:" + port, "SKILLBOX_IT_GATEWAY", token);
    }

    @Override
    public void serve(Listeners listeners) throws IOException {
        ServerSocketChannel s = listeners.listen(port);
        server = s;
        acceptor = Thread.ofVirtual().start(() -> {
            while (s.isOpen()) {
                try (SocketChannel c = s.accept()) {
                    connections.incrementAndGet();
                    c.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @Override
    public List<Violation> violations() {
        return List.of();
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
                acceptor.join();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

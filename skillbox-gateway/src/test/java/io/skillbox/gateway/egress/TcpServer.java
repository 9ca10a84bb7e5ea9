package io.skillbox.gateway.egress;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback TCP server that counts the connections it accepts and sees closed by the other side. */
final class TcpServer implements AutoCloseable {

    /** What the server does with one connection; returns when the peer has closed it. */
    @FunctionalInterface
    interface Conversation {
        void run(Socket socket) throws IOException, InterruptedException;
    }

    /** Sends back whatever it receives. */
    static final Conversation ECHO = socket -> socket.getInputStream().transferTo(socket.getOutputStream());

    /** Answers one HTTP request with a small response, then keeps the connection open until the peer closes it. */
    static final Conversation HOLDING_ORIGIN = socket -> {
        InputStream in = socket.getInputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c == -1) {
                return;
            }
            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        in.transferTo(java.io.OutputStream.nullOutputStream());
    };

    private final ServerSocket server;
    private final Set<Thread> conversations = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByPeer = new AtomicInteger();
    private final CountDownLatch firstClosed = new CountDownLatch(1);

    TcpServer(Conversation conversation) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    conversations.add(Thread.ofVirtual().start(() -> converse(socket, conversation)));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    private void converse(Socket socket, Conversation conversation) {
        try (socket) {
            conversation.run(socket);
        } catch (IOException e) {
            // a reset is a close too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closedByPeer.incrementAndGet();
        firstClosed.countDown();
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    /** Waits until some connection has ended from the other side. */
    boolean awaitClosedByPeer() throws InterruptedException {
        return firstClosed.await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        conversations.forEach(Thread::interrupt);
    }
}

package io.skillbox.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The least a relay can do: accept on loopback, connect to {@code target}, and copy bytes both ways, each
 * direction a platform thread in a blocking read/write loop over one 1 MiB direct buffer. No parsing, no
 * checks, no event loop. The egress proxy has to relay each body byte too (read it from one socket, write it to
 * the other: two more kernel copies than a direct transfer), so this relay's throughput, measured in the same
 * run, is the ceiling any proxy can reach on the machine, and the proxy's distance to it is what is its own.
 */
final class LoopbackRelay implements AutoCloseable {
    private static final int BUFFER = 1 << 20;

    private final ServerSocketChannel server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    LoopbackRelay(int target) throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel client = server.accept();
                    SocketChannel upstream = SocketChannel.open(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                    threads.execute(() -> copy(client, upstream));
                    threads.execute(() -> copy(upstream, client));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
        try (from; to) {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
        } catch (IOException e) {
            // either side is gone: both are closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}

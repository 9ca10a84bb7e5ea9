package io.skillbox.gateway.broker;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

/**
 * One listening socket the broker serves, with the connections it accepted. Closing it stops the
 * accepting and drops the connections, so nothing reaches the broker through it afterwards.
 */
public final class BrokerListener implements AutoCloseable {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ServerSocketChannel socket;
    private final Channel server;
    private final ChannelGroup connections;

    BrokerListener(ServerSocketChannel socket, Channel server, ChannelGroup connections) {
        this.socket = socket;
        this.server = server;
        this.connections = connections;
    }

    /** Closes the socket and every connection, and waits for both; must not be called on an event loop. */
    @Override
    public void close() {
        server.close().awaitUninterruptibly(CLOSE_WAIT.toMillis());
        connections.close().awaitUninterruptibly(CLOSE_WAIT.toMillis());
        awaitSocketReleased(server.eventLoop());
    }

    /**
     * The JDK closes a socket registered with a selector only when that selector next selects after the
     * key was cancelled; until then the port still accepts. Each task wakes the loop for a select; once the
     * socket is deregistered, one more task ends after the select that released it.
     */
    private void awaitSocketReleased(EventLoop loop) {
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        boolean released = false;
        while (!released && System.nanoTime() < deadline && !loop.isShuttingDown()) {
            released = !socket.isRegistered();
            loop.submit(() -> {}).awaitUninterruptibly(CLOSE_WAIT.toMillis());
        }
    }
}

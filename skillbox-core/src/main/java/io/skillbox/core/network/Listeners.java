package io.skillbox.core.network;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;

/** Opens listening sockets inside one run's network namespace; provided by the backend that made it. */
@FunctionalInterface
public interface Listeners {

    /**
     * A listening socket on {@code 127.0.0.1:port} inside the run's namespace. The host serves it; only
     * processes in that namespace (the sandbox) can connect to it.
     */
    ServerSocketChannel listen(int port) throws IOException;
}

package io.skillbox.linux.net;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.skillbox.core.network.Listeners;
import io.skillbox.linux.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;

/**
 * One run's network namespace, made by skillbox instead of bwrap so that the host can open listeners
 * inside it before the sandbox starts. It holds only loopback, up: no other interface, no route, so
 * what the host binds on {@code 127.0.0.1} there is all the sandbox can reach.
 *
 * <p>The namespace is held by {@link #fd()} (a {@code /proc/thread-self/ns/net} descriptor), by the
 * listening sockets bound in it and by the processes in it; the kernel frees it when the last goes.
 * Nothing of it is ever reused for another run.
 */
public final class NetNamespace implements Listeners, AutoCloseable {
    private static final String LOOPBACK = "lo";
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCSIFFLAGS = 0x8914;
    private static final short IFF_UP = 0x1;
    /** {@code struct ifreq}: a 16-byte name, then a union whose first member is {@code short ifr_flags}. */
    private static final long IFREQ_BYTES = 40;
    private static final long IFR_FLAGS_OFFSET = 16;

    private final int fd;
    private boolean closed;

    private NetNamespace(int fd) {
        this.fd = fd;
    }

    /** A new namespace with loopback up; costs two short-lived platform threads (see {@link ThrowawayThread}). */
    public static NetNamespace create() {
        try {
            return new NetNamespace(ThrowawayThread.call("skillbox-netns-create", () -> {
                Libc.unshare(Libc.CLONE_NEWNET);
                int nsFd = Libc.open("/proc/thread-self/ns/net", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
                try {
                    bringUp(LOOPBACK);
                    return nsFd;
                } catch (RuntimeException e) {
                    Libc.closeQuietly(nsFd);
                    throw e;
                }
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the task throws none; the signature of call() does
        }
    }

    /**
     * A listener on {@code 127.0.0.1:port} inside this namespace: bound on a thread that joined it and
     * then ended, so the socket lives there while the JVM serves it from any thread.
     */
    @Override
    public synchronized ServerSocketChannel listen(int port) throws IOException {
        requireOpen();
        return ThrowawayThread.call("skillbox-netns-listen", () -> {
            Libc.setns(fd, Libc.CLONE_NEWNET);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
            try {
                return server.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        });
    }

    /** The namespace descriptor, for {@code setns}; valid until {@link #close}. */
    public synchronized int fd() {
        requireOpen();
        return fd;
    }

    /**
     * Drops skillbox's hold on the namespace. Synchronized with {@link #listen}, so a descriptor number
     * is never used after close, when it may name something else. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the network namespace was closed");
        }
    }

    /** {@code ip link set NAME up} with the old ioctls, which need no netlink code. */
    private static void bringUp(String name) {
        int socket = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifreq = arena.allocate(IFREQ_BYTES, 8);
            ifreq.setString(0, name);
            Libc.ioctl(socket, SIOCGIFFLAGS, ifreq);
            short flags = ifreq.get(JAVA_SHORT, IFR_FLAGS_OFFSET);
            ifreq.set(JAVA_SHORT, IFR_FLAGS_OFFSET, (short) (flags | IFF_UP));
            Libc.ioctl(socket, SIOCSIFFLAGS, ifreq);
        } finally {
            Libc.close(socket);
        }
    }
}

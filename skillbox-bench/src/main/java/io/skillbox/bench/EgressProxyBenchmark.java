package io.skillbox.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.gateway.egress.EgressProxy;
import io.skillbox.gateway.egress.Resolver;
import io.skillbox.gateway.egress.RunProxy;
import io.skillbox.spec.NetworkSpec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the egress proxy costs a skill, against the same requests sent straight to the upstream (the JDK's
 * HTTP server on loopback), each over one kept-alive connection:
 * <ul>
 *   <li>{@link #directSmallRequest} / {@link #proxiedSmallRequest}: a GET of a 100-byte body; the
 *       difference of the p50s is the latency the proxy adds (its checks, one hop on loopback);
 *   <li>{@link #directBulk} / {@link #proxiedBulk}: a 16 MiB download; ops/s times 16 MiB is the throughput.
 *       The JDK's server copies every body byte through heap buffers and needs most of a core for it, which on
 *       a 2-vCPU machine competes with the proxy for CPU, so also:
 *   <li>{@link #directLeanBulk} / {@link #proxiedLeanBulk}: the same download from a lean HTTP/1.1 origin
 *       (one socket write of a prepared response), which leaves the CPU to the path being measured;
 *   <li>{@link #directTunnelBulk} / {@link #proxiedTunnelBulk}: 16 MiB from a raw TCP origin, straight or
 *       through a CONNECT tunnel (how HTTPS goes through the proxy);
 *   <li>{@link #relayedBulk} / {@link #relayedLeanBulk}: the two HTTP downloads through a {@link LoopbackRelay},
 *       the least any relay can do: the ceiling a proxy can reach here, in the same run.
 * </ul>
 * The proxy serves the upstream as {@code 127.0.0.1:port} with {@code 127.0.0.0/8} exempted, as a policy
 * would for a provider on the host. See docs/BENCHMARKS.md.
 */
@State(Scope.Thread)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class EgressProxyBenchmark {
    static final int SMALL = 100;
    static final int BULK = 16 << 20;

    private HttpServer origin;
    private ExecutorService originThreads;
    private EventLoopGroup group;
    private EgressProxy proxy;
    private RunProxy run;
    private Http1Connection direct;
    private Http1Connection proxied;
    private LoopbackOrigin tunnelOrigin;
    private LoopbackOrigin leanOrigin;
    private Http1Connection leanDirect;
    private Http1Connection leanProxied;
    private LoopbackRelay relay;
    private LoopbackRelay leanRelay;
    private Http1Connection relayed;
    private Http1Connection leanRelayed;
    private TunnelConnection directTunnel;
    private TunnelConnection proxiedTunnel;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        originThreads = Executors.newFixedThreadPool(2);
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin.setExecutor(originThreads);
        byte[] small = new byte[SMALL];
        byte[] bulk = new byte[BULK];
        Arrays.fill(small, (byte) 's');
        Arrays.fill(bulk, (byte) 'b');
        origin.createContext("/small", exchange -> respond(exchange, small));
        origin.createContext("/bulk", exchange -> respond(exchange, bulk));
        origin.start();
        String upstream = "127.0.0.1:" + origin.getAddress().getPort();

        tunnelOrigin = LoopbackOrigin.tunnelled(BULK);
        String tunnelUpstream = "127.0.0.1:" + tunnelOrigin.port();
        leanOrigin = LoopbackOrigin.leanHttp(bulk);
        String leanUpstream = "127.0.0.1:" + leanOrigin.port();

        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        proxy = new EgressProxy(group, Resolver.SYSTEM);
        NetworkSpec.Allowlist rules = new NetworkSpec.Allowlist(List.of(upstream, tunnelUpstream, leanUpstream),
                List.of("127.0.0.0/8"), new NetworkSpec.EgressLimits(1_000_000, Long.MAX_VALUE, 16 * 1024));
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int proxyPort = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        run = proxy.serve(listener, "bench", rules, NetworkEvents.NONE);

        direct = new Http1Connection(origin.getAddress().getPort(), "", upstream);
        proxied = new Http1Connection(proxyPort, "http://" + upstream, upstream);
        // Fail in set-up, with the reason, rather than time a broken exchange.
        for (Http1Connection connection : List.of(direct, proxied)) {
            if (connection.get("/small") != SMALL || connection.get("/bulk") != BULK) {
                throw new IllegalStateException("unexpected body size");
            }
        }
        leanDirect = new Http1Connection(leanOrigin.port(), "", leanUpstream);
        leanProxied = new Http1Connection(proxyPort, "http://" + leanUpstream, leanUpstream);
        for (Http1Connection connection : List.of(leanDirect, leanProxied)) {
            if (connection.get("/bulk") != BULK) {
                throw new IllegalStateException("unexpected body size from the lean origin");
            }
        }
        relay = new LoopbackRelay(origin.getAddress().getPort());
        leanRelay = new LoopbackRelay(leanOrigin.port());
        relayed = new Http1Connection(relay.port(), "", upstream);
        leanRelayed = new Http1Connection(leanRelay.port(), "", leanUpstream);
        for (Http1Connection connection : List.of(relayed, leanRelayed)) {
            if (connection.get("/bulk") != BULK) {
                throw new IllegalStateException("unexpected body size through the relay");
            }
        }
        directTunnel = new TunnelConnection(new Socket(InetAddress.getLoopbackAddress(), tunnelOrigin.port()));
        proxiedTunnel = TunnelConnection.through(proxyPort, tunnelUpstream);
        for (TunnelConnection connection : List.of(directTunnel, proxiedTunnel)) {
            if (connection.download(BULK) != BULK) {
                throw new IllegalStateException("unexpected download size");
            }
        }
    }

    private static void respond(HttpExchange exchange, byte[] body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        direct.close();
        proxied.close();
        directTunnel.close();
        leanDirect.close();
        leanProxied.close();
        relayed.close();
        leanRelayed.close();
        relay.close();
        leanRelay.close();
        leanOrigin.close();
        proxiedTunnel.close();
        proxy.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        origin.stop(0);
        originThreads.shutdownNow();
        tunnelOrigin.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long directSmallRequest() throws IOException {
        return direct.get("/small");
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long proxiedSmallRequest() throws IOException {
        return proxied.get("/small");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long directBulk() throws IOException {
        return direct.get("/bulk");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long proxiedBulk() throws IOException {
        return proxied.get("/bulk");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long directLeanBulk() throws IOException {
        return leanDirect.get("/bulk");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long proxiedLeanBulk() throws IOException {
        return leanProxied.get("/bulk");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long relayedBulk() throws IOException {
        return relayed.get("/bulk");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long relayedLeanBulk() throws IOException {
        return leanRelayed.get("/bulk");
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long directTunnelBulk() throws IOException {
        return directTunnel.download(BULK);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long proxiedTunnelBulk() throws IOException {
        return proxiedTunnel.download(BULK);
    }

    /** A loopback server that gives each accepted connection to its own thread running {@code handler}. */
    static final class LoopbackOrigin implements AutoCloseable {
        /** Serves one connection until the client goes; the origin closes the socket afterwards. */
        interface Handler {
            void serve(Socket socket) throws IOException;
        }

        private final ServerSocket server;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        LoopbackOrigin(Handler handler) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        socket.setTcpNoDelay(true);
                        threads.execute(() -> {
                            try (socket) {
                                handler.serve(socket);
                            } catch (IOException e) {
                                // the client is gone
                            }
                        });
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        /**
         * An HTTP/1.1 origin that costs next to nothing per byte: for every request head on a kept-alive
         * connection it writes one prepared response (head and body) with a single socket write.
         */
        static LoopbackOrigin leanHttp(byte[] body) throws IOException {
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] response = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, response, head.length, body.length);
            return new LoopbackOrigin(socket -> {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                for (int matched = 0, b; (b = in.read()) >= 0; ) {
                    // The end of a request head is CR LF CR LF; GETs have no body.
                    matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
                    if (matched == 4) {
                        out.write(response);
                        out.flush();
                        matched = 0;
                    }
                }
            });
        }

        /**
         * A raw TCP origin, as behind a CONNECT tunnel (the bytes of a TLS session, unencrypted here): on each
         * connection, for every 4-byte big-endian count it reads, it sends that many bytes back.
         */
        static LoopbackOrigin tunnelled(int largest) throws IOException {
            byte[] bytes = new byte[largest];
            Arrays.fill(bytes, (byte) 't');
            return new LoopbackOrigin(socket -> {
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                OutputStream out = socket.getOutputStream();
                while (true) {
                    int count = in.readInt();
                    out.write(bytes, 0, count);
                    out.flush();
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }

    /** A blocking client of a {@link LoopbackOrigin#tunnelled} origin: straight, or through a CONNECT tunnel of the proxy. */
    static final class TunnelConnection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];

        TunnelConnection(Socket socket) throws IOException {
            this.socket = socket;
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        /** Opens a tunnel to {@code authority} through the proxy on {@code proxyPort}: CONNECT, then its 200. */
        static TunnelConnection through(int proxyPort, String authority) throws IOException {
            TunnelConnection connection = new TunnelConnection(new Socket(InetAddress.getLoopbackAddress(), proxyPort));
            connection.out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            connection.out.flush();
            // The head, read a byte at a time so that nothing of the tunnel is taken with it.
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = connection.in.read();
                if (c < 0) {
                    throw new EOFException("no answer to CONNECT");
                }
                head.append((char) c);
            }
            if (!head.toString().startsWith("HTTP/1.1 200")) {
                throw new IOException("CONNECT refused: " + head.toString().strip());
            }
            return connection;
        }

        /** Asks for {@code count} bytes and reads them all; the count. */
        long download(int count) throws IOException {
            out.write(new byte[] {(byte) (count >>> 24), (byte) (count >>> 16), (byte) (count >>> 8), (byte) count});
            out.flush();
            for (long left = count; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new EOFException();
                }
                left -= read;
            }
            return count;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /**
     * A minimal blocking HTTP/1.1 client on one kept-alive socket, so that the client's own cost is small
     * and the same on both paths: it writes a prepared request and reads a Content-Length body into a
     * reused buffer.
     */
    static final class Http1Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final String prefix;
        private final String host;
        private final byte[] buffer = new byte[64 * 1024];

        /** @param prefix what goes before the path: nothing (origin-form) or {@code http://host:port} */
        Http1Connection(int port, String prefix, String host) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            this.prefix = prefix;
            this.host = host;
        }

        /** Sends a GET and reads the whole response; the body's size. */
        long get(String path) throws IOException {
            out.write(("GET " + prefix + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long length = -1;
            for (String line = line(); !line.isEmpty(); line = line()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring("content-length:".length()).trim());
                }
            }
            for (long left = length; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    throw new EOFException();
                }
                left -= read;
            }
            return length;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException();
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}

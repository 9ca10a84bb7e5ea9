package io.skillbox.gateway.egress;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.NetworkSpec.EgressLimits;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One proxy on its own event loops with a fake DNS, serving one run on a loopback listener the test
 * opened, the way a backend opens it inside the run's namespace.
 */
final class ProxyFixture implements AutoCloseable {
    static final String RUN_ID = "run-7";
    static final EgressLimits LIMITS = new EgressLimits(100, 256L << 20, 16 * 1024);
    static final List<String> LOOPBACK = List.of("127.0.0.0/8");

    final RecordingEvents events = new RecordingEvents();
    private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final EgressProxy proxy = new EgressProxy(group, this::resolve);
    private ServerSocketChannel listener;
    private int port;

    /** Makes the fake DNS answer {@code host} with these addresses, in this order. */
    ProxyFixture name(String host, InetAddress... addresses) {
        dns.put(host, List.of(addresses));
        return this;
    }

    ProxyFixture name(String host, String... addresses) {
        return name(host, Arrays.stream(addresses).map(InetAddress::ofLiteral).toArray(InetAddress[]::new));
    }

    /** An IPv4-mapped IPv6 address as an {@link Inet6Address}, which Java otherwise turns into IPv4. */
    static InetAddress mapped(String ipv4) throws UnknownHostException {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(InetAddress.ofLiteral(ipv4).getAddress(), 0, bytes, 12, 4);
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    RunProxy serve(List<String> hosts, List<String> allowedAddresses) throws IOException {
        return serve(hosts, allowedAddresses, LIMITS);
    }

    RunProxy serve(List<String> hosts, List<String> allowedAddresses, EgressLimits limits) throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        return proxy.serve(listener, RUN_ID, new NetworkSpec.Allowlist(hosts, allowedAddresses, limits), events);
    }

    ServerSocketChannel listener() {
        return listener;
    }

    int port() {
        return port;
    }

    RawClient client() throws IOException {
        return new RawClient(port);
    }

    private List<InetAddress> resolve(String host) throws UnknownHostException {
        List<InetAddress> addresses = dns.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        return addresses;
    }

    void closeProxy() {
        proxy.close();
    }

    @Override
    public void close() {
        proxy.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a sandbox must never reach on the host, each counting what does reach it: TCP listeners on the
 * host's loopback and on every address, a UDP socket, and an abstract unix socket (those are scoped by
 * network namespace, not by the filesystem). {@link #targets} says where to aim from inside.
 */
final class HostBait implements AutoCloseable {
    private static final String ABSTRACT_LISTENER = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind("\\0" + sys.argv[1])
            s.listen(8)
            print("ready", flush=True)
            while True:
                c, _ = s.accept()
                print("accepted", flush=True)
                c.close()
            """;

    private final ServerSocket loopback = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final ServerSocket any = new ServerSocket(0);
    private final DatagramSocket udp = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0));
    private final String abstractName = SandboxIT.token();
    private final Process abstractListener;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Thread> watchers = new ArrayList<>();

    HostBait() throws IOException {
        watchers.add(acceptor(loopback));
        watchers.add(acceptor(any));
        abstractListener = new ProcessBuilder("python3", "-c", ABSTRACT_LISTENER, abstractName)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader lines = new BufferedReader(
                new InputStreamReader(abstractListener.getInputStream(), StandardCharsets.UTF_8));
        assertThat(lines.readLine()).as("the abstract unix listener started").isEqualTo("ready");
        // A platform thread: a virtual one blocked reading a pipe would hold a carrier for the whole test.
        watchers.add(Thread.ofPlatform().daemon().start(() -> lines.lines().forEach(l -> accepted.incrementAndGet())));
    }

    /** Where a sandbox aims: {@code host:port} for TCP and UDP, the abstract socket's name without its NUL. */
    record Targets(List<String> tcp, List<String> udp, String unix) {
        /** The params of {@link NetworkProbe}, plus {@code extra}. */
        Map<String, Object> params(Map<String, Object> extra) {
            Map<String, Object> params = new java.util.HashMap<>(extra);
            params.putAll(Map.of("tcp", tcp, "udp", udp, "unix", unix));
            return params;
        }
    }

    Targets targets() throws IOException {
        List<String> tcp = new ArrayList<>(List.of("127.0.0.1:" + loopback.getLocalPort(),
                "127.0.0.1:" + any.getLocalPort(), "[::1]:" + any.getLocalPort(), "8.8.8.8:53", "169.254.169.254:80"));
        List<String> udpTargets = new ArrayList<>(List.of("127.0.0.1:" + udp.getLocalPort()));
        // Without a route out, neither these nor the host's resolver are reachable; a host with no such
        // address simply has nothing more to aim at.
        for (String address : hostAddresses()) {
            tcp.add(address + ":" + any.getLocalPort());
            udpTargets.add(address + ":" + udp.getLocalPort());
        }
        for (String resolver : resolvers()) {
            tcp.add(resolver + ":53");
            udpTargets.add(resolver + ":53");
        }
        return new Targets(tcp, udpTargets, abstractName);
    }

    /** Nothing of the sandbox arrived: no TCP connection accepted, no datagram, no unix connection. */
    void assertUntouched() throws IOException {
        udp.setSoTimeout(500);
        boolean datagram;
        try {
            udp.receive(new DatagramPacket(new byte[64], 64));
            datagram = true;
        } catch (SocketTimeoutException e) {
            datagram = false;
        }
        assertThat(datagram).as("a datagram reached the host").isFalse();
        assertThat(accepted).as("connections accepted by host listeners").hasValue(0);
    }

    @Override
    public void close() throws IOException {
        abstractListener.destroyForcibly();
        try {
            abstractListener.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loopback.close();
        any.close();
        udp.close();
        watchers.forEach(Thread::interrupt);
    }

    private Thread acceptor(ServerSocket server) {
        return Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** The host's own non-loopback IPv4 addresses: a sandbox with a route out could reach these. */
    private static List<String> hostAddresses() throws IOException {
        List<String> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                    out.add(a.getHostAddress());
                }
            }
        }
        return out;
    }

    /** The IPv4 name servers the host itself uses. */
    private static List<String> resolvers() throws IOException {
        Path conf = Path.of("/etc/resolv.conf");
        if (!Files.exists(conf)) {
            return List.of();
        }
        return Files.readAllLines(conf).stream().map(String::strip).filter(l -> l.startsWith("nameserver "))
                .map(l -> l.substring("nameserver ".length()).strip()).filter(a -> a.matches("[0-9.]+")).toList();
    }
}

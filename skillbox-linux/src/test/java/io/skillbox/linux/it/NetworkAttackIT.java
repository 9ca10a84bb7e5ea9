package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Network mode none: the skill tries to reach the host and the world; the host's listeners count contacts. */
class NetworkAttackIT extends SandboxIT {

    @Test
    void reachesNothingOfTheHost(@TempDir Path dir) throws Exception {
        try (ServerSocket loopback = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket any = new ServerSocket(0);
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0))) {
            AtomicInteger accepted = new AtomicInteger();
            List<Thread> acceptors = List.of(acceptor(loopback, accepted), acceptor(any, accepted));
            List<String> targets = new ArrayList<>(List.of("127.0.0.1:" + loopback.getLocalPort(),
                    "127.0.0.1:" + any.getLocalPort(), "[::1]:" + any.getLocalPort(), "8.8.8.8:53",
                    "169.254.169.254:80"));
            for (String address : hostAddresses()) {
                targets.add(address + ":" + any.getLocalPort());
            }
            Path bundle = TestSkills.python(dir, "{ timeout: 20s }", """
                    import json, socket, sys
                    p = json.load(sys.stdin)
                    out = {}
                    for t in p["tcp"]:
                        host, port = t.rsplit(":", 1)
                        try:
                            socket.create_connection((host.strip("[]"), int(port)), timeout=2).close()
                            out[t] = "CONNECTED"
                        except OSError as e:
                            out[t] = type(e).__name__ + ":" + str(e.errno)
                    for t in p["udp"]:
                        host, port = t.rsplit(":", 1)
                        try:
                            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                            s.sendto(b"ping", (host, int(port)))
                            out["udp " + t] = "SENT"
                        except OSError as e:
                            out["udp " + t] = type(e).__name__ + ":" + str(e.errno)
                    try:
                        out["dns"] = socket.gethostbyname("example.com")
                    except OSError as e:
                        out["dns"] = type(e).__name__
                    out["interfaces"] = [line.split(":")[0].strip() for line in open("/proc/net/dev").readlines()[2:]]
                    json.dump(out, sys.stdout)
                    """);
            List<String> udpTargets = new ArrayList<>(List.of("127.0.0.1:" + udp.getLocalPort()));
            hostAddresses().forEach(a -> udpTargets.add(a + ":" + udp.getLocalPort()));

            RunResult r = run(bundle, Map.of("tcp", targets, "udp", udpTargets));

            assertThat(r.status()).as(r.stderr()).isEqualTo(RunStatus.SUCCEEDED);
            JsonNode out = json(r);
            for (String t : targets) {
                assertThat(out.path(t).asString()).as(t).isNotEqualTo("CONNECTED");
            }
            assertThat(out.path("dns").asString()).isEqualTo("gaierror");
            assertThat(out.path("interfaces").valueStream().map(JsonNode::asString).toList()).containsExactly("lo");
            // Host side: no TCP connection was accepted and no datagram arrived.
            udp.setSoTimeout(500);
            assertThat(receives(udp)).isFalse();
            acceptors.forEach(Thread::interrupt);
            assertThat(accepted).hasValue(0);
        }
    }

    private static Thread acceptor(ServerSocket server, AtomicInteger accepted) {
        return Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
    }

    private static boolean receives(DatagramSocket udp) throws java.io.IOException {
        try {
            udp.receive(new DatagramPacket(new byte[64], 64));
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** The host's own non-loopback IPv4 addresses: a sandbox with a route out could reach these. */
    private static List<String> hostAddresses() throws Exception {
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
}

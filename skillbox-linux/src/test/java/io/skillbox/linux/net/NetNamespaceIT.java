package io.skillbox.linux.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.Spawner;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Real network namespaces (needs root): what is inside, who reaches a listener, what outlives close. */
class NetNamespaceIT {

    @Test
    void holdsOnlyLoopbackAndIsNewEachTime() throws Exception {
        try (NetNamespace a = NetNamespace.create(); NetNamespace b = NetNamespace.create()) {
            assertThat(Set.of(Namespaces.host(), linkOf(a), linkOf(b))).hasSize(3);
            List<String> interfaces = inside(a, () -> Files.readAllLines(Path.of("/proc/thread-self/net/dev"))
                    .stream().skip(2).map(l -> l.split(":")[0].strip()).toList());
            assertThat(interfaces).containsExactly("lo");
        }
    }

    @Test
    void aListenerIsReachableFromInsideOnly() throws Exception {
        int port = freeHostPort();
        try (NetNamespace ns = NetNamespace.create(); ServerSocketChannel server = ns.listen(port)) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            // Loopback is up inside: the connection completes, and it is this listener that accepts it.
            inside(ns, () -> {
                SocketChannel.open(address).close();
                return null;
            });
            server.accept().close();
            assertThatThrownBy(() -> SocketChannel.open(address)).as("the host's own 127.0.0.1:%d", port)
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void closeDropsTheDescriptorAndRefusesLaterUse() {
        NetNamespace ns = NetNamespace.create();
        String link = linkOf(ns);
        assertThat(Namespaces.heldByDescriptors()).contains(link);
        ns.close();
        ns.close();
        assertThat(Namespaces.heldByDescriptors()).doesNotContain(link);
        assertThatThrownBy(() -> ns.listen(1234)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(ns::fd).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thePoolHandsOutEachNamespaceOnceAndKeepsNoneAfterClose() throws Exception {
        Set<String> before = Namespaces.heldByDescriptors();
        Set<String> seen = new HashSet<>();
        try (NetNamespacePool pool = new NetNamespacePool(2)) {
            for (int i = 0; i < 6; i++) {
                try (NetNamespace ns = pool.take()) {
                    assertThat(seen.add(linkOf(ns))).as("namespace %s handed out twice", linkOf(ns)).isTrue();
                }
            }
        }
        assertThat(Namespaces.heldByDescriptors()).doesNotContainAnyElementsOf(seen);
        long deadline = System.nanoTime() + 5_000_000_000L;
        Set<String> held = Namespaces.heldByDescriptors();
        while (!held.equals(before) && System.nanoTime() < deadline) {
            Thread.sleep(20); // one may still have been in the making at close
            held = Namespaces.heldByDescriptors();
        }
        assertThat(held).as("the namespaces made ahead and never taken").isEqualTo(before);
    }

    @Test
    void theSpawnerStartsChildrenInTheNamespaceAndReturnsHome() throws Exception {
        try (Spawner spawner = new Spawner(); NetNamespace ns = NetNamespace.create()) {
            assertThat(namespaceOfChild(spawner, OptionalInt.of(ns.fd()))).isEqualTo(linkOf(ns));
            assertThat(namespaceOfChild(spawner, OptionalInt.empty())).isEqualTo(Namespaces.host());
        }
    }

    private static String namespaceOfChild(Spawner spawner, OptionalInt netns) {
        int pid = spawner.spawn("/bin/sleep", List.of("sleep", "10"), List.of(), List.of(), Optional.empty(), netns);
        try {
            return Namespaces.link(Path.of("/proc/" + pid + "/ns/net"));
        } finally {
            Libc.kill(pid, Libc.SIGKILL);
            Libc.waitpid(pid);
        }
    }

    private static String linkOf(NetNamespace ns) {
        return Namespaces.link(Path.of("/proc/self/fd/" + ns.fd()));
    }

    /** Runs {@code task} on a thread of its own that joined {@code ns}, and ends with it. */
    private static <T> T inside(NetNamespace ns, Callable<T> task) throws IOException {
        return ThrowawayThread.call("test-inside-netns", () -> {
            Libc.setns(ns.fd(), Libc.CLONE_NEWNET);
            return task.call();
        });
    }

    private static int freeHostPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}

package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.spec.Isolation;
import tools.jackson.databind.JsonNode;

/**
 * A Python skill that tries every way out it knows, aimed at {@link HostBait#targets}, and reports what
 * happened as JSON; plus what that report must say for a sandbox that reaches nothing of the host.
 * When given {@code served} ports it also reads one line from each, on its own loopback.
 */
final class NetworkProbe {
    static final String SOURCE = """
            import json, os, socket, subprocess, sys
            p = json.load(sys.stdin)
            out = {"netns": os.readlink("/proc/self/ns/net"), "env": dict(os.environ)}
            def outcome(f):
                try:
                    return f()
                except OSError as e:
                    return type(e).__name__ + ":" + str(e.errno)
            def tcp(host, port):
                socket.create_connection((host.strip("[]"), int(port)), timeout=2).close()
                return "CONNECTED"
            def udp(host, port):
                socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"ping", (host, int(port)))
                return "SENT"
            def unix(name):
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect("\\0" + name)
                return "CONNECTED"
            def line(port):
                with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                    return s.makefile().readline().strip()
            for t in p["tcp"]:
                out["tcp " + t] = outcome(lambda: tcp(*t.rsplit(":", 1)))
            for t in p["udp"]:
                out["udp " + t] = outcome(lambda: udp(*t.rsplit(":", 1)))
            out["unix"] = outcome(lambda: unix(p["unix"]))
            for name in ["example.com", "skillbox-it.invalid"]:
                try:
                    out["dns " + name] = socket.getaddrinfo(name, 443)[0][4][0]
                except OSError as e:
                    out["dns " + name] = type(e).__name__
            out["dev"] = [l.split(":")[0].strip() for l in open("/proc/net/dev").readlines()[2:]]
            try:
                r = subprocess.run(["ip", "-o", "link"], capture_output=True, text=True, timeout=5)
                out["ip link"] = [l.split(":")[1].strip() for l in r.stdout.splitlines()] if r.returncode == 0 else r.stderr
            except OSError as e:
                out["ip link"] = type(e).__name__
            for port in p.get("served", []):
                out["served " + str(port)] = outcome(lambda: line(port))
            for port in p.get("closed", []):
                out["closed " + str(port)] = outcome(lambda: tcp("127.0.0.1", port))
            json.dump(out, sys.stdout)
            """;

    private NetworkProbe() {}

    /**
     * Every TCP, UDP and unix attempt failed, no name resolved, and only loopback is there.
     *
     * @param served whether the run's namespace is skillbox's (modes broker and allowlist), whose kernel stack
     *               gVisor's Sentry uses, rather than gVisor's own netstack (mode none)
     */
    static void assertReachedNothingOfTheHost(JsonNode out, HostBait.Targets targets, boolean served) {
        for (String t : targets.tcp()) {
            assertThat(out.path("tcp " + t).asString()).as("tcp %s", t).isNotEqualTo("CONNECTED").isNotEmpty();
        }
        // Datagrams to loopback cannot be seen failing from inside (the sandbox's own loopback swallows
        // them; HostBait checks the host got none); everything else has no route at all. Linux says so with
        // ENETUNREACH; gVisor's own network stack, with only its loopback, with EHOSTUNREACH.
        String noRoute = SandboxIT.TIER == Isolation.GVISOR && !served ? "OSError:113" : "OSError:101";
        for (String t : targets.udp()) {
            if (!t.startsWith("127.")) {
                assertThat(out.path("udp " + t).asString()).as("udp %s", t).isEqualTo(noRoute);
            }
        }
        assertThat(out.path("unix").asString()).as("abstract unix socket").isEqualTo("ConnectionRefusedError:111");
        assertThat(out.path("dns example.com").asString()).isEqualTo("gaierror");
        assertThat(out.path("dns skillbox-it.invalid").asString()).isEqualTo("gaierror");
        assertThat(out.path("dev").valueStream().map(JsonNode::asString).toList()).as("/proc/net/dev")
                .containsExactly("lo");
        assertThat(out.path("ip link").valueStream().map(JsonNode::asString).toList())
                .as("ip link: %s", out.path("ip link")).containsExactly("lo");
    }
}

package io.skillbox.linux.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.backend.Execution;
import io.skillbox.core.backend.ProcessOutcome;
import io.skillbox.core.backend.Termination;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.network.Listeners;
import io.skillbox.core.network.RunNetwork;
import io.skillbox.linux.net.Namespaces;
import io.skillbox.linux.net.NetNamespace;
import io.skillbox.spec.Isolation;
import io.skillbox.spec.NetworkSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Modes broker and allowlist: the run's namespace is skillbox's, with the gateway listening inside. The
 * skill reaches that listener and nothing else; the namespace goes with the run however it ends, even
 * when it never started; two runs at once each reach only their own gateway. On every tier: under gVisor the
 * Sentry's network calls go to that namespace's stack ({@code runsc --network=host} inside it), so what the
 * skill can reach is exactly what it can reach under runc or bwrap.
 */
class NetworkServedAttackIT extends SandboxIT {

    static Stream<Arguments> servedModes() {
        return Stream.of(Arguments.of(ServedRuns.ALLOWLIST, NetworkSpec.PROXY_PORT),
                Arguments.of(ServedRuns.BROKER, NetworkSpec.BROKER_PORT));
    }

    @ParameterizedTest
    @MethodSource("servedModes")
    void reachesItsGatewayAndNothingElse(NetworkSpec mode, int port, @TempDir Path dir) throws Exception {
        Path bundle = TestSkills.python(dir, "{ timeout: 30s }", NetworkProbe.SOURCE);
        int otherPort = port == NetworkSpec.PROXY_PORT ? NetworkSpec.BROKER_PORT : NetworkSpec.PROXY_PORT;
        try (HostBait bait = new HostBait(); FakeGateway gateway = new FakeGateway(port)) {
            HostBait.Targets targets = bait.targets();

            JsonNode out = ServedRuns.succeed(ServedRuns.start(bundle,
                    targets.params(Map.of("served", List.of(port), "closed", List.of(otherPort))), mode, gateway));

            assertThat(out.path("served " + port).asString()).isEqualTo(gateway.token());
            assertThat(gateway.connections()).isEqualTo(1);
            assertThat(out.path("env").path("SKILLBOX_IT_GATEWAY").asString()).isEqualTo(gateway.token());
            assertThat(out.path("env").path("HTTP_PROXY").asString()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(out.path("closed " + otherPort).asString()).isEqualTo("ConnectionRefusedError:111");
            assertThat(out.path("netns").asString()).isNotEqualTo(Namespaces.host());
            NetworkProbe.assertReachedNothingOfTheHost(out, targets, true);
            bait.assertUntouched();
        }
    }

    /**
     * However the run ends, the JVM keeps no descriptor of its namespace and no process is left in it. The
     * namespaces are read off the run's host processes while it runs (the skill's own, or gVisor's Sentry: a skill
     * under gVisor sees gVisor's namespace ids, not the host's).
     */
    @ParameterizedTest
    @MethodSource("endings")
    void leavesNothingOfItsNamespaceBehind(String ending, @TempDir Path dir) throws Exception {
        String token = token();
        String rest = ending.equals("exits") ? "sleep 1; exit 0" : "exec /bin/sh -c 'sleep 100; :' " + token;
        Path bundle = TestSkills.shell(dir, ending.equals("times out") ? "{ timeout: 2s }" : "{ timeout: 30s }",
                "echo \"$SKILLBOX_RUN_ID\" > /work/" + token + "\n" + rest + "\n");
        try (FakeGateway gateway = new FakeGateway(NetworkSpec.PROXY_PORT)) {
            Execution run = ServedRuns.start(bundle, Map.of(), ServedRuns.ALLOWLIST, gateway);
            List<String> netns = runNamespaces(HostView.awaitRunId(token, Duration.ofSeconds(15)));
            if (ending.equals("is cancelled")) {
                run.cancel("the test cancels it");
            }
            ProcessOutcome outcome = run.await();

            assertThat(outcome.termination()).isInstanceOf(switch (ending) {
                case "exits" -> Termination.Exited.class;
                case "times out" -> Termination.TimedOut.class;
                default -> Termination.Cancelled.class;
            });
            awaitReleased();
            assertThat(Namespaces.heldByDescriptors()).as("descriptors of the JVM").doesNotContainAnyElementsOf(netns);
            for (String ns : netns) {
                assertThat(Namespaces.processesIn(ns)).as("processes in the run's namespace %s", ns).isEmpty();
            }
            assertThat(HostView.processesWith(token)).isEmpty();
        }
    }

    /**
     * The network namespaces, other than the host's, that the run's host processes are in: the run's own (gVisor's
     * Gofer adds an empty one of its own).
     */
    private static List<String> runNamespaces(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            List<String> namespaces = HostView.processesOfRun(runId).stream()
                    .map(p -> HostView.namespace(p.pid(), "net")).flatMap(java.util.Optional::stream)
                    .filter(ns -> !ns.equals(Namespaces.host())).distinct().toList();
            if (!namespaces.isEmpty()) {
                return namespaces;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no process of run " + runId + " was in a namespace of its own");
            }
            Thread.sleep(20);
        }
    }

    static Stream<String> endings() {
        return Stream.of("exits", "times out", "is cancelled");
    }

    @Test
    void aStartThatFailsLeavesNoNamespaceBehind(@TempDir Path dir) {
        Path bundle = TestSkills.shell(dir, "{ timeout: 10s }", "exit 0\n");
        AtomicReference<String> netns = new AtomicReference<>();
        RunNetwork refusing = new RunNetwork() {
            @Override
            public Map<String, String> environment() {
                return Map.of();
            }

            @Override
            public void serve(Listeners listeners) throws IOException {
                netns.set(Namespaces.link(Path.of("/proc/self/fd/" + ((NetNamespace) listeners).fd())));
                throw new IOException("the test's gateway cannot listen");
            }

            @Override
            public List<Violation> violations() {
                return List.of();
            }

            @Override
            public void close() {}
        };

        assertThatThrownBy(() -> ServedRuns.start(bundle, Map.of(), ServedRuns.BROKER, refusing))
                .isInstanceOf(SkillboxException.class).hasMessageContaining("the test's gateway cannot listen");
        assertThat(netns.get()).startsWith("net:[");
        assertThat(Namespaces.heldByDescriptors()).doesNotContain(netns.get());
    }

    @Test
    void concurrentRunsEachReachOnlyTheirOwnGateway(@TempDir Path dir) throws Exception {
        Path bundle = TestSkills.python(dir, "{ timeout: 30s }", """
                import json, os, socket, time
                def line():
                    with socket.create_connection(("127.0.0.1", 3128), timeout=5) as s:
                        return s.makefile().readline().strip()
                first = line()
                time.sleep(2)
                print(json.dumps({"netns": os.readlink("/proc/self/ns/net"), "lines": [first, line()]}))
                """);
        try (FakeGateway a = new FakeGateway(NetworkSpec.PROXY_PORT);
                FakeGateway b = new FakeGateway(NetworkSpec.PROXY_PORT)) {
            Execution runA = ServedRuns.start(bundle, Map.of(), ServedRuns.ALLOWLIST, a);
            Execution runB = ServedRuns.start(bundle, Map.of(), ServedRuns.ALLOWLIST, b);
            Instant bothStarted = Instant.now();
            JsonNode outA = ServedRuns.succeed(runA);
            Duration aRanOn = Duration.between(bothStarted, Instant.now());
            JsonNode outB = ServedRuns.succeed(runB);

            assertThat(aRanOn).as("the first run was still going after the second started")
                    .isGreaterThan(Duration.ofSeconds(1));
            assertThat(outA.path("lines").valueStream().map(JsonNode::asString)).containsExactly(a.token(), a.token());
            assertThat(outB.path("lines").valueStream().map(JsonNode::asString)).containsExactly(b.token(), b.token());
            assertThat(a.connections()).isEqualTo(2);
            assertThat(b.connections()).isEqualTo(2);
            if (TIER != Isolation.GVISOR) { // gVisor shows every sandbox the same namespace id of its own
                assertThat(outA.path("netns").asString()).isNotEqualTo(outB.path("netns").asString());
            }
        }
    }

}

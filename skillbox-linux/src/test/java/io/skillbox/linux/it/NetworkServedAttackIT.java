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
import io.skillbox.spec.NetworkSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * when it never started; two runs at once each reach only their own gateway. On a tier that cannot serve
 * these modes (gvisor, see {@link ServedRuns#servedOnThisTier}) each test attacks the refusal instead.
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
        if (!ServedRuns.servedOnThisTier()) {
            ServedRuns.assertRefused(bundle, mode);
            return;
        }
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
            NetworkProbe.assertReachedNothingOfTheHost(out, targets);
            bait.assertUntouched();
        }
    }

    /** However the run ends, the JVM keeps no descriptor of its namespace and no process is left in it. */
    @ParameterizedTest
    @MethodSource("endings")
    void leavesNothingOfItsNamespaceBehind(String ending, @TempDir Path dir) throws Exception {
        String token = token();
        String rest = ending.equals("exits") ? "exit 0" : "exec /bin/sh -c 'sleep 100; :' " + token;
        Path bundle = TestSkills.shell(dir, ending.equals("times out") ? "{ timeout: 1s }" : "{ timeout: 30s }",
                "readlink /proc/self/ns/net\n" + rest + "\n");
        if (!ServedRuns.servedOnThisTier()) {
            ServedRuns.assertRefused(bundle, ServedRuns.ALLOWLIST);
            return;
        }
        try (FakeGateway gateway = new FakeGateway(NetworkSpec.PROXY_PORT)) {
            Execution run = ServedRuns.start(bundle, Map.of(), ServedRuns.ALLOWLIST, gateway);
            if (ending.equals("is cancelled")) {
                awaitProcess(token);
                run.cancel("the test cancels it");
            }
            ProcessOutcome outcome = run.await();
            String netns = new String(outcome.stdout(), StandardCharsets.UTF_8).strip();

            assertThat(outcome.termination()).isInstanceOf(switch (ending) {
                case "exits" -> Termination.Exited.class;
                case "times out" -> Termination.TimedOut.class;
                default -> Termination.Cancelled.class;
            });
            assertThat(netns).startsWith("net:[").isNotEqualTo(Namespaces.host());
            assertThat(Namespaces.heldByDescriptors()).as("descriptors of the JVM").doesNotContain(netns);
            assertThat(Namespaces.processesIn(netns)).as("processes in the run's namespace").isEmpty();
            assertThat(HostView.processesWith(token)).isEmpty();
        }
    }

    static Stream<String> endings() {
        return Stream.of("exits", "times out", "is cancelled");
    }

    @Test
    void aStartThatFailsLeavesNoNamespaceBehind(@TempDir Path dir) {
        Path bundle = TestSkills.shell(dir, "{ timeout: 10s }", "exit 0\n");
        if (!ServedRuns.servedOnThisTier()) {
            ServedRuns.assertRefused(bundle, ServedRuns.BROKER);
            return;
        }
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
        if (!ServedRuns.servedOnThisTier()) {
            ServedRuns.assertRefused(bundle, ServedRuns.ALLOWLIST);
            return;
        }
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
            assertThat(outA.path("netns").asString()).isNotEqualTo(outB.path("netns").asString());
        }
    }

    private static void awaitProcess(String token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (HostView.processesWith(token).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the skill never started");
            }
            Thread.sleep(20);
        }
    }
}

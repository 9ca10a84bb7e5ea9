package io.skillbox.bench;

import io.skillbox.cli.bench.RawBaseline;
import io.skillbox.cli.bench.TempDirs;
import io.skillbox.cli.bench.TrivialSkill;
import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.core.oversight.Oversight;
import io.skillbox.core.policy.CredentialPolicy;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.policy.PolicyLoader;
import io.skillbox.core.run.RunPreparer;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.core.run.Skillbox;
import io.skillbox.gateway.Gateway;
import io.skillbox.gateway.egress.Resolver;
import io.skillbox.linux.bwrap.BwrapBackend;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
 * One sandboxed run of a trivial shell skill (prints {@code {}}), three ways:
 * <ul>
 *   <li>{@link #rawBwrap}: the spec skillbox compiled, launched by {@code RawBwrap} with the same bwrap
 *       options and descriptors as an unprivileged uid, without skillbox's host-side work — the baseline;
 *   <li>{@link #javaApi}: {@link Skillbox#run} end to end (load, validate, compile, host uid lease, run
 *       directory, scratch tmpfs, bundle bind mount, cgroup, launch, cleanup, result);
 *   <li>{@link #javaApiAudited}: the same with oversight under the built-in policy's audit settings (fsync
 *       {@code run}: two fdatasyncs per run, run record, trust check), state in a temporary directory on disk;
 *   <li>{@link #javaApiAllowlist}: {@link #javaApi} for a skill with {@code network.mode: allowlist}: a network
 *       namespace from the warm pool, the egress proxy listening inside it (nothing is fetched);
 *   <li>{@link #javaApiBroker}: the same with {@code network.mode: broker}: a scoped token minted and the
 *       broker listening inside the namespace;
 *   <li>{@link #compileOnly}: {@link Skillbox#check} (load, validate, compile; nothing started), the JVM-side share.
 * </ul>
 * Needs root, as every sandboxed run does. JMH runs the methods one after the other, not interleaved:
 * for a same-run comparison under identical noise use {@code skillbox bench}. See docs/BENCHMARKS.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@State(Scope.Benchmark)
public class SandboxStartBenchmark {
    private Path skill;
    private Skillbox box;
    private Skillbox audited;
    private Path state;
    private RunRequest request;
    private RawBaseline raw;
    private Path allowlistSkill;
    private Path brokerSkill;
    private Skillbox networked;

    @Setup(Level.Trial)
    public void setUp() {
        skill = TrivialSkill.write();
        box = Skillbox.builder().backend(new BwrapBackend()).build();
        state = TempDirs.create("skillbox-bench-state-");
        Policy builtin = PolicyLoader.builtin();
        Policy policy = builtin.withOversight(builtin.oversight().withStateDir(state));
        audited = Skillbox.builder().policy(policy).backend(new BwrapBackend())
                .oversight(Oversight.open(policy.oversight())).build();
        request = RunRequest.of(skill, "{}");
        RunPreparer.Prepared prepared = box.check(request);
        raw = RawBaseline.open(prepared.spec(), prepared.stdin());
        allowlistSkill = TrivialSkill.write("network: { mode: allowlist, hosts: [\"example.com:443\"] }\n");
        brokerSkill = TrivialSkill.write("network: { mode: broker }\ncredentials: [bench/api]\n");
        Policy withProvider = builtin.withCredentials(new CredentialPolicy(
                Map.of("bench/api", new CredentialPolicy.Provider(URI.create("http://127.0.0.1:9/"),
                        new CredentialPolicy.Bearer(), "env:BENCH_KEY")),
                Map.of("local", new CredentialPolicy.Agent(List.of("bench/api"))), builtin.credentials().store(),
                builtin.credentials().maxTokenTtl()));
        networked = Skillbox.builder().policy(withProvider).backend(new BwrapBackend())
                .network(new Gateway(withProvider, Ed25519.generate(), Resolver.SYSTEM, NetworkEvents.NONE,
                        Map.of("BENCH_KEY", "not-a-real-key"), Clock.systemUTC())).build();
        // Fail in set-up, with the reason, rather than time a broken run.
        javaApi();
        javaApiAudited();
        javaApiAllowlist();
        javaApiBroker();
        raw.runOnce();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (raw != null) {
                raw.close();
            }
            if (box != null) {
                box.close();
            }
            if (audited != null) {
                audited.close();
            }
            if (networked != null) {
                networked.close();
            }
        } finally {
            TempDirs.delete(skill);
            TempDirs.delete(allowlistSkill);
            TempDirs.delete(brokerSkill);
            if (state != null) {
                TempDirs.delete(state);
            }
        }
    }

    @Benchmark
    public void rawBwrap() {
        raw.runOnce();
    }

    @Benchmark
    public RunResult javaApi() {
        return succeeded(box.run(request));
    }

    @Benchmark
    public RunResult javaApiAudited() {
        return succeeded(audited.run(request));
    }

    @Benchmark
    public RunResult javaApiAllowlist() {
        return succeeded(networked.run(RunRequest.of(allowlistSkill, "{}")));
    }

    @Benchmark
    public RunResult javaApiBroker() {
        return succeeded(networked.run(RunRequest.of(brokerSkill, "{}")));
    }

    private static RunResult succeeded(RunResult r) {
        if (r.status() != RunStatus.SUCCEEDED) {
            throw new IllegalStateException("the java-api run ended " + r.status().wireName()
                    + (r.error() == null ? "" : ": " + r.error().message()) + " " + r.stderr());
        }
        return r;
    }

    @Benchmark
    public RunPreparer.Prepared compileOnly() {
        return box.check(request);
    }
}

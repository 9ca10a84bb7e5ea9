package io.skillbox.core.backend;

import io.skillbox.spec.Isolation;
import io.skillbox.spec.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A backend that runs nothing: it declares the tiers, features and availability a test gives it, records
 * every call to {@link #start}, and answers with the outcome the test scripted.
 */
public final class FakeBackend implements Backend {
    private final String name;
    private final Set<Isolation> tiers;
    private final Set<Feature> features = EnumSet.allOf(Feature.class);
    private Availability availability = Availability.ok("fake");
    private Function<SandboxSpec, ProcessOutcome> outcome = spec -> exited(0, "{}");
    private final List<SandboxSpec> started = new CopyOnWriteArrayList<>();
    private final List<byte[]> stdins = new CopyOnWriteArrayList<>();
    private final AtomicInteger availabilityCalls = new AtomicInteger();
    private volatile boolean closed;

    /** Implements {@code tiers}, enforces every feature, and is available. */
    public FakeBackend(String name, Isolation... tiers) {
        this.name = name;
        this.tiers = EnumSet.copyOf(List.of(tiers));
    }

    public FakeBackend without(Feature... missing) {
        features.removeAll(List.of(missing));
        return this;
    }

    public FakeBackend unavailable(List<String> problems, List<String> fixes) {
        availability = Availability.missing(problems, fixes);
        return this;
    }

    /** What every run started on this backend ends with. */
    public FakeBackend answering(Function<SandboxSpec, ProcessOutcome> outcome) {
        this.outcome = outcome;
        return this;
    }

    public FakeBackend answering(ProcessOutcome outcome) {
        return answering(spec -> outcome);
    }

    /** {@link #start} throws this. */
    public FakeBackend throwing(RuntimeException e) {
        return answering(spec -> {
            throw e;
        });
    }

    /** The specs {@link #start} was called with, in order. */
    public List<SandboxSpec> started() {
        return List.copyOf(started);
    }

    /** The stdin bytes {@link #start} was given, in order. */
    public List<byte[]> stdins() {
        return List.copyOf(stdins);
    }

    public int availabilityCalls() {
        return availabilityCalls.get();
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Isolation> tiers() {
        return tiers;
    }

    @Override
    public Set<Feature> features() {
        return EnumSet.copyOf(features);
    }

    @Override
    public Availability availability() {
        availabilityCalls.incrementAndGet();
        return availability;
    }

    @Override
    public Lowering lower(SandboxSpec spec) {
        return new Lowering(name, new ArrayList<>(spec.process().argv()), List.of("fake"));
    }

    /** Like a real backend: serves the run's network (on listeners the test cannot connect to) and adds its environment. */
    @Override
    public Execution start(SandboxSpec spec, byte[] stdin, io.skillbox.core.network.RunNetwork network) {
        try {
            network.serve(port -> java.nio.channels.ServerSocketChannel.open());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return start(spec.withAddedEnvironment(network.environment()), stdin);
    }

    @Override
    public Execution start(SandboxSpec spec, byte[] stdin) {
        started.add(spec);
        stdins.add(stdin.clone());
        ProcessOutcome result = outcome.apply(spec);
        return new Execution() {
            @Override
            public ProcessOutcome await() {
                return result;
            }

            @Override
            public void cancel(String reason) {}
        };
    }

    @Override
    public void close() {
        closed = true;
    }

    /** An outcome of a process that exited with {@code code}, having written {@code stdout}. */
    public static ProcessOutcome exited(int code, String stdout) {
        return outcome(new Termination.Exited(code), stdout, List.of());
    }

    public static ProcessOutcome outcome(Termination termination, String stdout,
            List<ProcessOutcome.CollectedArtifact> artifacts) {
        return new ProcessOutcome(termination, stdout.getBytes(StandardCharsets.UTF_8),
                "log line\n".getBytes(StandardCharsets.UTF_8), new ProcessOutcome.Usage(42L << 20, 120),
                artifacts, List.of(), Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMillis(250));
    }
}

package io.skillbox.gateway.egress;

import io.skillbox.core.error.Violation;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.spec.NetworkSpec.EgressLimits;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The books of one run: its budgets (connections and bytes over the whole run), its counters, the events
 * it reports and the violations it collects. Shared by all the run's connections, on any I/O thread.
 */
final class RunLedger {
    private final String runId;
    private final EgressLimits limits;
    private final NetworkEvents events;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger denied = new AtomicInteger();
    /** Refusals by reason and authority, in order of first occurrence. */
    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    private record Tally(Denial first, int count) {}

    RunLedger(String runId, EgressLimits limits, NetworkEvents events) {
        this.runId = runId;
        this.limits = limits;
        this.events = events;
    }

    EgressLimits limits() {
        return limits;
    }

    /** Takes one connection from the budget; false (and nothing taken) once it is spent. */
    boolean takeConnection() {
        return connections.getAndUpdate(n -> n < limits.connections() ? n + 1 : n) < limits.connections();
    }

    /** Counts bytes; true exactly once, for the bytes that first exceed the budget. */
    boolean addBytes(long count) {
        long after = bytes.addAndGet(count);
        return after > limits.bytes() && after - count <= limits.bytes();
    }

    boolean bytesSpent() {
        return bytes.get() > limits.bytes();
    }

    void allowed(Target target, InetAddress address) {
        events.record(runId, "network.allowed", Map.of("host", target.host(), "port", target.port(),
                "address", address.getHostAddress(), "kind", target.kind().wire()));
    }

    void denied(Denial denial) {
        denied.incrementAndGet();
        Map<String, Object> details = new LinkedHashMap<>();
        denial.target().ifPresent(t -> {
            details.put("host", t.host());
            details.put("port", t.port());
        });
        details.put("kind", denial.kind().wire());
        details.put("reason", denial.reason().wire());
        details.put("detail", denial.detail());
        events.record(runId, "network.denied", Collections.unmodifiableMap(details));
        if (denial.reason().violationField().isPresent()) {
            String key = denial.reason() + " " + denial.target().map(Target::authority).orElse("");
            synchronized (tallies) {
                tallies.merge(key, new Tally(denial, 1), (old, one) -> new Tally(old.first, old.count + 1));
            }
        }
    }

    /** One violation per reason and {@code host:port}, with how often it happened. */
    List<Violation> violations() {
        List<Tally> snapshot;
        synchronized (tallies) {
            snapshot = new ArrayList<>(tallies.values());
        }
        return snapshot.stream().map(this::violation).toList();
    }

    EgressStats stats() {
        return new EgressStats(connections.get(), bytes.get(), denied.get());
    }

    private Violation violation(Tally tally) {
        Denial d = tally.first;
        String field = d.reason().violationField().orElseThrow();
        String times = tally.count == 1 ? "once" : tally.count + " times";
        String authority = d.target().map(Target::authority).orElse("");
        return switch (d.reason()) {
            case NOT_ALLOWLISTED -> new Violation(field, "the skill tried to reach " + authority
                    + ", which is not on its allowlist (" + times + ")",
                    "add " + authority + " to network.hosts in the manifest if the skill needs it");
            case BLOCKED_ADDRESS -> new Violation(field, d.detail() + " (" + times + ")",
                    "the proxy reaches loopback, private, link-local and metadata addresses only when the policy's "
                            + "network.allowAddresses lists them");
            case HOST_MISMATCH -> new Violation(field, d.detail() + " (" + times + ")",
                    "send a Host header naming the same host and port as the request URI");
            case LIMIT_CONNECTIONS -> new Violation(field, "the run used all " + limits.connections()
                    + " connections the proxy allows it; " + tally.count + " more refused",
                    "raise network.limits.connections in the policy, or reuse connections");
            case LIMIT_BYTES -> new Violation(field, "the run moved more than " + limits.bytes()
                    + " bytes through the proxy; its connections were closed",
                    "raise network.limits.bytes in the policy");
            case LIMIT_HEADERS -> new Violation(field, "a request line and headers exceeded "
                    + limits.headerBytes() + " bytes (" + times + ")",
                    "raise network.limits.headerBytes in the policy, or send smaller headers");
            case RESOLVE_FAILED, BAD_REQUEST -> throw new IllegalStateException(d.reason() + " is not a violation");
        };
    }
}

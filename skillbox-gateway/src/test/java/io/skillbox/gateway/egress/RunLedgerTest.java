package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.skillbox.gateway.egress.Denial.Reason;
import io.skillbox.spec.NetworkSpec.EgressLimits;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunLedgerTest {
    private final RecordingEvents events = new RecordingEvents();
    private final RunLedger ledger = new RunLedger("run-1", new EgressLimits(3, 100, 1024), events);

    @Test
    void theConnectionBudgetIsTakenOnlyWhileItLasts() {
        assertThat(IntStream.range(0, 5).mapToObj(i -> ledger.takeConnection()))
                .containsExactly(true, true, true, false, false);
        assertThat(ledger.stats().connections()).isEqualTo(3);
    }

    @Test
    void theByteBudgetReportsItsExcessExactlyOnce() {
        assertThat(ledger.addBytes(60)).isFalse();
        assertThat(ledger.addBytes(40)).isFalse();
        assertThat(ledger.bytesSpent()).isFalse();
        assertThat(ledger.addBytes(1)).isTrue();
        assertThat(ledger.addBytes(500)).isFalse();
        assertThat(ledger.bytesSpent()).isTrue();
        assertThat(ledger.stats().bytes()).isEqualTo(601);
    }

    @Test
    void brokenRequestsAreDeniedButAreNoViolation() {
        ledger.denied(Denial.malformed(Target.Kind.FORWARD, Reason.BAD_REQUEST, HttpResponseStatus.BAD_REQUEST, "bad"));
        ledger.denied(Denial.of(new Target("a.test", 80, Target.Kind.FORWARD), Reason.RESOLVE_FAILED,
                HttpResponseStatus.BAD_GATEWAY, "cannot resolve a.test"));

        assertThat(ledger.violations()).isEmpty();
        assertThat(ledger.stats().denied()).isEqualTo(2);
        assertThat(events.named("network.denied")).hasSize(2).allSatisfy(e -> assertThat(e.runId()).isEqualTo("run-1"));
        assertThat(events.named("network.denied").getFirst().details()).doesNotContainKeys("host", "port");
    }

    @Test
    void violationsAggregatePerReasonAndAuthority() {
        Target evil = new Target("evil.test", 443, Target.Kind.CONNECT);
        for (int i = 0; i < 2; i++) {
            ledger.denied(Denial.of(evil, Reason.NOT_ALLOWLISTED, HttpResponseStatus.FORBIDDEN, "no"));
            ledger.denied(Denial.of(evil, Reason.LIMIT_CONNECTIONS, HttpResponseStatus.TOO_MANY_REQUESTS, "spent"));
        }

        assertThat(ledger.violations()).satisfiesExactly(
                v -> assertThat(v.problem()).contains("evil.test:443", "2 times"),
                v -> assertThat(v.field()).isEqualTo("network.limits"));
    }
}

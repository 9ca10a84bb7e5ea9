package io.skillbox.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.gateway.token.TokenClaims;
import io.skillbox.gateway.token.TokenException;
import io.skillbox.spec.NetworkSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs entering and leaving the broker, agent tokens, and the listeners' life. */
class BrokerAdmitTest {
    private static final Instant T0 = BrokerHarness.T0;

    @TempDir
    Path dir;

    private BrokerHarness h;

    @BeforeEach
    void setUp() {
        h = new BrokerHarness(dir);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void anAdmittedRunGetsATokenBoundToItForAtMostTheSmallerOfTtlAndTimeout() throws TokenException {
        RunGrant grant = h.broker.admit("run-abc", "weather-lookup",
                new NetworkSpec.Broker(List.of("weather/current", "maps"), "local"), Duration.ofMinutes(10));
        h.tokensSeen.add(grant.token());

        TokenClaims c = h.tokens.verify(grant.token());
        assertThat(c).isEqualTo(grant.claims());
        assertThat(c.subject()).isEqualTo("local:weather-lookup:run-abc");
        assertThat(c.parent()).isEqualTo("local");
        assertThat(c.capabilities()).containsExactly("weather/current", "maps");
        assertThat(c.kind()).isEqualTo(TokenClaims.Kind.SCOPED);
        assertThat(c.run()).contains("run-abc");
        assertThat(c.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(c.limit()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(h.broker.admit("run-short", "s", new NetworkSpec.Broker(List.of("maps"), "local"),
                Duration.ofSeconds(45)).claims().expiresAt()).isEqualTo(T0.plusSeconds(45));
        assertThat(h.events("token.minted")).first().satisfies(e -> {
            assertThat(e.runId()).isEqualTo("run-abc");
            assertThat(e.details()).containsKeys("sub", "parent", "capabilities", "exp", "jti", "kind");
        });
    }

    @Test
    void aRunIsRefusedNamingEveryCapabilityTheBrokerCannotServe() {
        assertThatThrownBy(() -> h.broker.admit("run-1", "s",
                new NetworkSpec.Broker(List.of("maps", "nope", "broken"), "local"), Duration.ofMinutes(1)))
                .isInstanceOf(SkillboxException.class)
                .satisfies(e -> {
                    SkillboxException se = (SkillboxException) e;
                    assertThat(se.code()).isEqualTo(ErrorCode.POLICY_VIOLATION);
                    assertThat(se.violations()).extracting(Violation::problem).satisfiesExactly(
                            p -> assertThat(p).contains("'nope' has no provider"),
                            p -> assertThat(p).contains("'broken'").contains("ABSENT_KEY"));
                });
        assertThat(h.broker.violations("run-1")).isEmpty();
        assertThat(h.events).isEmpty();
    }

    @Test
    void aRunCannotUseCapabilitiesItsAgentWasNotGranted() {
        assertThatThrownBy(() -> h.broker.admit("run-1", "s", new NetworkSpec.Broker(List.of("maps", "geo"), "limited"),
                Duration.ofMinutes(1))).isInstanceOf(SkillboxException.class)
                .satisfies(e -> assertThat(((SkillboxException) e).violations()).singleElement()
                        .satisfies(v -> assertThat(v.problem()).contains("'geo' is not granted to agent limited")));
        assertThatThrownBy(() -> h.broker.admit("run-2", "s", new NetworkSpec.Broker(List.of(), "stranger"),
                Duration.ofMinutes(1))).hasMessageContaining("cannot serve run run-2");
    }

    @Test
    void aRunIdIsNeverAdmittedTwice() {
        h.admit("run-1", Duration.ofMinutes(1), "maps");
        h.broker.end("run-1");
        assertThatThrownBy(() -> h.admit("run-1", Duration.ofMinutes(1), "maps"))
                .isInstanceOf(SkillboxException.class).hasMessageContaining("already admitted");
    }

    @Test
    void agentTokensCarryTheAgentsGrants() throws TokenException {
        TokenClaims c = h.tokens.verify(h.agentToken("limited", Duration.ofHours(2)));
        assertThat(c.kind()).isEqualTo(TokenClaims.Kind.AGENT);
        assertThat(c.subject()).isEqualTo("agent:limited");
        assertThat(c.capabilities()).containsExactly("maps");
        assertThat(c.limit()).isEqualTo(c.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThatThrownBy(() -> h.broker.mintAgentToken("stranger", Duration.ofHours(1)))
                .isInstanceOf(SkillboxException.class).hasMessageContaining("'stranger' is not in the policy");
    }

    @Test
    void aClosedListenerTakesNoMoreConnections() throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress at = (InetSocketAddress) ch.getLocalAddress();
        BrokerListener listener = h.broker.serve(ch, Optional.empty());
        try (SocketChannel c = SocketChannel.open(at)) {
            assertThat(c.isConnected()).isTrue();
        }

        listener.close();

        assertThat(ch.isOpen()).isFalse();
        assertThatThrownBy(() -> SocketChannel.open(at).close()).isInstanceOf(ConnectException.class);
    }
}

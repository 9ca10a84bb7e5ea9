package io.skillbox.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.error.Violation;
import io.skillbox.gateway.token.ScopedTokens;
import io.skillbox.gateway.token.TestJwts;
import io.skillbox.gateway.token.TokenClaims;
import io.skillbox.spec.NetworkSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Brokered calls that must fail: each is refused and the provider sees nothing. */
class BrokerRefusalTest {
    @TempDir
    Path dir;

    private BrokerHarness h;
    private String tokenA;
    private URI runA;

    @BeforeEach
    void setUp() {
        h = new BrokerHarness(dir);
        tokenA = h.admit("run-A", Duration.ofMinutes(10), "maps");
        runA = h.listen(Optional.of("run-A"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void assertRefused(BrokerHarness.Reply r, int status, String error) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.json().path("error").asString()).contains(error);
        assertThat(r.json().path("fix").asString()).isNotBlank();
        assertThat(h.providerCalls()).isZero();
    }

    @Test
    void aCallWithoutATokenIsRefused() {
        assertRefused(h.get(runA, "/v1/proxy/maps/x", null), 401, "missing bearer token");
    }

    @Test
    void aTokenForgedWithAnotherKeyIsRefused() {
        TokenClaims claims = h.broker.admit("run-F", "s", new NetworkSpec.Broker(List.of("maps"), "local"),
                Duration.ofMinutes(1)).claims();
        String forged = new ScopedTokens(Ed25519.generate(), h.clock).mint(claims);
        assertRefused(h.get(runA, "/v1/proxy/maps/x", forged), 401, "unknown key");
    }

    @Test
    void aPayloadWidenedAfterSigningIsRefused() {
        String widened = TestJwts.withPayload(tokenA,
                TestJwts.payload(tokenA).replace("[\"maps\"]", "[\"maps\",\"weather/current\"]"));
        assertRefused(h.get(runA, "/v1/proxy/weather/current/x", widened), 401, "bad token signature");
        assertThat(h.events("token.refused")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "bad token signature"));
    }

    @Test
    void algNoneAndHs256AreRefused() {
        String payload = TestJwts.payload(tokenA);
        String none = TestJwts.b64("{\"alg\":\"none\"}") + "." + TestJwts.b64(payload) + ".";
        String hs = TestJwts.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + TestJwts.b64(payload) + ".c2ln";
        assertRefused(h.get(runA, "/v1/proxy/maps/x", none), 401, "unsupported token algorithm 'none'");
        assertRefused(h.get(runA, "/v1/proxy/maps/x", hs), 401, "unsupported token algorithm 'HS256'");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String shortLived = h.admit("run-S", Duration.ofSeconds(30), "maps");
        URI runS = h.listen(Optional.of("run-S"));
        h.clock.advance(Duration.ofSeconds(30));
        assertRefused(h.get(runS, "/v1/proxy/maps/x", shortLived), 401, "token expired");
    }

    @Test
    void aTokenReplayedAfterItsRunEndedIsRefused() {
        assertThat(h.get(runA, "/v1/proxy/maps/x", tokenA).status()).isEqualTo(200);
        h.headerApi.seen.clear();
        h.broker.end("run-A");
        assertRefused(h.get(runA, "/v1/proxy/maps/x", tokenA), 401, "run has ended");
        assertRefused(h.get(h.listen(Optional.empty()), "/v1/proxy/maps/x", tokenA), 401, "run has ended");
    }

    @Test
    void runAsTokenIsRefusedOnRunBsListener() {
        h.admit("run-B", Duration.ofMinutes(10), "maps");
        URI runB = h.listen(Optional.of("run-B"));
        assertRefused(h.get(runB, "/v1/proxy/maps/x", tokenA), 403, "does not belong to this run");
    }

    @Test
    void runAsTokenCannotCallWhatOnlyRunBWasGranted() {
        String tokenB = h.admit("run-B", Duration.ofMinutes(10), "weather/current");
        assertThat(h.get(h.listen(Optional.of("run-B")), "/v1/proxy/weather/current/x", tokenB).status()).isEqualTo(200);
        h.bearerApi.seen.clear();

        assertRefused(h.get(runA, "/v1/proxy/weather/current/x", tokenA), 403, "'weather/current' is not granted");
        assertRefused(h.get(runA, "/v1/proxy/weather/current/y", tokenA), 403, "not granted");
        assertRefused(h.get(runA, "/v1/proxy/unknown-api/y", tokenA), 403, "'unknown-api' is not granted");

        assertThat(h.broker.violations("run-A")).extracting(Violation::field).containsOnly("credentials");
        assertThat(h.broker.violations("run-A")).extracting(Violation::problem).containsExactly(
                "called capability 'unknown-api' once without a grant",
                "called capability 'weather/current' 2 times without a grant");
        assertThat(h.broker.violations("run-B")).isEmpty();
        assertThat(h.events("credential.refused")).hasSize(3).allSatisfy(e -> assertThat(e.runId()).isEqualTo("run-A"));
    }

    @Test
    void anAgentTokenCannotCallProviders() {
        String agent = h.agentToken("local", Duration.ofHours(1));
        assertRefused(h.get(h.listen(Optional.empty()), "/v1/proxy/maps/x", agent), 403, "agent token cannot call");
        assertRefused(h.get(runA, "/v1/proxy/maps/x", agent), 403, "agent token cannot call");
    }

    @Test
    void unknownEndpointsAndMethodsAreRefused() {
        assertRefused(h.get(runA, "/v1/other", tokenA), 404, "no such endpoint");
        assertRefused(h.get(runA, "/v1/tokens/refresh", tokenA), 405, "POST only");
    }

    @Test
    void anOversizedRequestBodyIsRefused() {
        BrokerHarness.Reply r = h.call(runA, "POST", "/v1/proxy/maps/upload", tokenA, "x".repeat(Broker.MAX_REQUEST + 1));
        assertThat(r.status()).isEqualTo(413);
        assertThat(h.providerCalls()).isZero();
    }
}

package io.skillbox.gateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.gateway.token.TokenClaims;
import io.skillbox.gateway.token.TokenException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/tokens/scoped} and {@code POST /v1/tokens/refresh}. */
class BrokerTokensTest {
    private static final Instant T0 = BrokerHarness.T0;

    @TempDir
    Path dir;

    private BrokerHarness h;
    private URI agents;

    @BeforeEach
    void setUp() {
        h = new BrokerHarness(dir);
        agents = h.listen(Optional.empty());
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private BrokerHarness.Reply scoped(String bearer, String body) {
        return h.call(agents, "POST", "/v1/tokens/scoped", bearer, body, "Content-Type", "application/json");
    }

    private BrokerHarness.Reply refresh(URI on, String bearer, String body) {
        return h.call(on, "POST", "/v1/tokens/refresh", bearer, body);
    }

    private TokenClaims claims(String token) throws TokenException {
        return h.tokens.verify(token);
    }

    @Test
    void anAgentMintsAScopedTokenThatCallsTheProvider() throws TokenException {
        String agent = h.agentToken("local", Duration.ofHours(1));

        BrokerHarness.Reply r = scoped(agent,
                "{\"skillName\":\"weather-lookup\",\"capabilities\":[\"maps\"],\"ttlSeconds\":30}");

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("expiresAt").asString()).isEqualTo("2026-02-11T16:00:30Z");
        assertThat(body.path("capabilities").toString()).isEqualTo("[\"maps\"]");
        String token = body.path("token").asString();
        TokenClaims c = claims(token);
        assertThat(c.kind()).isEqualTo(TokenClaims.Kind.SCOPED);
        assertThat(c.subject()).matches("local:weather-lookup:run-[0-9a-f]{12}");
        assertThat(c.parent()).isEqualTo("local");
        assertThat(c.run()).isEmpty();
        assertThat(c.limit()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(h.get(agents, "/v1/proxy/maps/x", token).status()).isEqualTo(200);
        assertThat(h.events("token.minted")).last().satisfies(e -> {
            assertThat(e.runId()).isEmpty();
            assertThat(e.details()).containsEntry("sub", c.subject()).containsEntry("kind", "scoped")
                    .containsEntry("jti", c.id()).containsEntry("capabilities", List.of("maps"));
        });
    }

    @Test
    void anAgentCannotWidenItsGrant() {
        String limited = h.agentToken("limited", Duration.ofHours(1));

        BrokerHarness.Reply r = scoped(limited, "{\"skillName\":\"s\",\"capabilities\":[\"maps\",\"weather/current\"]}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("error").asString()).contains("weather/current (not in the agent token)")
                .doesNotContain("maps (");
    }

    @Test
    void aCapabilityTheAgentTokenNamesButThePolicyNoLongerGrantsIsRefused() {
        TokenClaims stale = new TokenClaims("agent:limited", "limited", List.of("maps", "geo"), T0,
                T0.plusSeconds(600), TokenClaims.newId(), TokenClaims.Kind.AGENT, Optional.empty(), T0.plusSeconds(600));
        String token = h.tokens.mint(stale);
        h.tokensSeen.add(token);

        BrokerHarness.Reply r = scoped(token, "{\"skillName\":\"s\",\"capabilities\":[\"geo\"]}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().path("error").asString()).contains("geo (not granted to agent limited by the policy)");
        assertThat(h.events("credential.refused")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("capability", "geo"));
    }

    @Test
    void aScopedTokenCannotMint() {
        String runToken = h.admit("run-1", Duration.ofMinutes(10), "maps");
        String agent = h.agentToken("local", Duration.ofHours(1));
        String scopedToken = scoped(agent, "{\"skillName\":\"s\",\"capabilities\":[\"maps\"]}").json().path("token").asString();

        for (String t : List.of(runToken, scopedToken)) {
            BrokerHarness.Reply r = scoped(t, "{\"skillName\":\"s\",\"capabilities\":[\"maps\"]}");
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.json().path("error").asString()).isEqualTo("a scoped token cannot mint tokens");
        }
    }

    @Test
    void theLifetimeIsClampedToThePolicyAndToTheAgentTokensOwn() throws TokenException {
        String agent = h.agentToken("local", Duration.ofHours(1));
        String longAsked = scoped(agent, "{\"skillName\":\"s\",\"capabilities\":[\"maps\"],\"ttlSeconds\":3600}")
                .json().path("token").asString();
        assertThat(claims(longAsked).expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));

        String shortAgent = h.agentToken("local", Duration.ofSeconds(90));
        h.clock.advance(Duration.ofSeconds(60));
        String clamped = scoped(shortAgent, "{\"skillName\":\"s\",\"capabilities\":[\"maps\"],\"ttlSeconds\":120}")
                .json().path("token").asString();
        assertThat(claims(clamped).expiresAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void malformedMintRequestsAreBadRequests() {
        String agent = h.agentToken("local", Duration.ofHours(1));
        for (String body : List.of("", "[]", "{\"skillName\":\"a:b\",\"capabilities\":[\"maps\"]}",
                "{\"skillName\":\"s\",\"capabilities\":[]}", "{\"skillName\":\"s\",\"capabilities\":[\"maps\"],\"ttlSeconds\":0}",
                "{\"skillName\":\"s\",\"capabilities\":[\"maps\"],\"ttlSeconds\":\"30\"}")) {
            assertThat(scoped(agent, body).status()).as(body).isEqualTo(400);
        }
    }

    @Test
    void refreshKeepsTheScopeAndNeverPassesTheLimit() throws TokenException {
        String first = h.admit("run-1", Duration.ofMinutes(10), "maps", "geo");
        URI run = h.listen(Optional.of("run-1"));
        TokenClaims original = claims(first);
        assertThat(original.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(original.limit()).isEqualTo(T0.plus(Duration.ofMinutes(10)));

        h.clock.advance(Duration.ofSeconds(200));
        BrokerHarness.Reply r = refresh(run, first, null);
        assertThat(r.status()).isEqualTo(200);
        TokenClaims second = claims(r.json().path("token").asString());
        assertThat(second).usingRecursiveComparison().comparingOnlyFields("subject", "parent", "capabilities", "run",
                "limit", "kind").isEqualTo(original);
        assertThat(second.id()).isNotEqualTo(original.id());
        assertThat(second.expiresAt()).isEqualTo(T0.plusSeconds(500));

        h.clock.advance(Duration.ofSeconds(250));
        TokenClaims third = claims(refresh(run, r.json().path("token").asString(), "{\"ttlSeconds\":240}")
                .json().path("token").asString());
        assertThat(third.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(h.events("token.refreshed")).hasSize(2)
                .allSatisfy(e -> assertThat(e.runId()).isEqualTo("run-1"));
    }

    @Test
    void refreshIsRefusedAtTheLimitAndAfterTheRunEnds() {
        String token = h.admit("run-1", Duration.ofSeconds(60), "maps");
        URI run = h.listen(Optional.of("run-1"));
        h.clock.advance(Duration.ofSeconds(30));
        String refreshed = refresh(run, token, null).json().path("token").asString();

        h.clock.advance(Duration.ofSeconds(30));
        BrokerHarness.Reply atLimit = refresh(run, refreshed, null);
        assertThat(atLimit.status()).isEqualTo(401);

        String other = h.admit("run-2", Duration.ofMinutes(10), "maps");
        URI run2 = h.listen(Optional.of("run-2"));
        String otherRefreshed = refresh(run2, other, null).json().path("token").asString();
        h.broker.end("run-2");
        assertThat(refresh(run2, other, null).json().path("error").asString()).contains("run has ended");
        assertThat(h.get(run2, "/v1/proxy/maps/x", otherRefreshed).status()).isEqualTo(401);
        assertThat(h.providerCalls()).isZero();
    }

    @Test
    void anAgentTokenCannotBeRefreshedHere() {
        String agent = h.agentToken("local", Duration.ofHours(1));
        assertThat(refresh(agents, agent, null).status()).isEqualTo(403);
    }
}

package io.skillbox.gateway.broker;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.skillbox.core.json.Json;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.core.policy.CredentialPolicy;
import io.skillbox.gateway.token.TokenClaims;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/tokens/scoped}: an agent narrows its token to a scoped one for a skill it runs
 * elsewhere. {@code POST /v1/tokens/refresh}: a long-running skill extends its scoped token, never its
 * scope and never past the limit set when the grant was first made.
 */
final class TokenEndpoints {
    private static final int MAX_SKILL_NAME = 128;

    private static final String SCOPED_BODY = "send {\"skillName\": ..., \"capabilities\": [...], \"ttlSeconds\": N}";
    private static final String REFRESH_BODY = "send no body, or {\"ttlSeconds\": N}";

    private final CredentialPolicy policy;
    private final Gatekeeper gate;
    private final TokenIssuer issuer;
    private final NetworkEvents events;
    private final Clock clock;
    private final long maxTtl;

    TokenEndpoints(CredentialPolicy policy, Gatekeeper gate, TokenIssuer issuer, NetworkEvents events, Clock clock) {
        this.policy = policy;
        this.gate = gate;
        this.issuer = issuer;
        this.events = events;
        this.clock = clock;
        this.maxTtl = Math.max(1, policy.maxTokenTtl().toSeconds());
    }

    ObjectNode scoped(FullHttpRequest req, Optional<String> listenerRun) throws Refusal {
        TokenClaims agent = gate.check(req.headers(), TokenClaims.Kind.AGENT, listenerRun);
        JsonNode body = body(req).orElseThrow(() -> badRequest("the body must be a JSON object", SCOPED_BODY));
        String skill = body.path("skillName").asString("");
        if (skill.isBlank() || skill.length() > MAX_SKILL_NAME
                || skill.chars().anyMatch(c -> c == ':' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw badRequest("skillName must be 1 to " + MAX_SKILL_NAME + " characters without ':' or spaces",
                    SCOPED_BODY);
        }
        List<String> capabilities = capabilities(body.path("capabilities"));
        List<String> problems = new ArrayList<>();
        List<String> grants = Optional.ofNullable(policy.agents().get(agent.parent()))
                .map(CredentialPolicy.Agent::grants).orElse(List.of());
        for (String c : capabilities) {
            String reason = !agent.grants(c) ? "not in the agent token"
                    : !grants.contains(c) ? "not granted to agent " + agent.parent() + " by the policy"
                    : policy.provider(c).isEmpty() ? "no provider in the policy" : null;
            if (reason != null) {
                problems.add(c + " (" + reason + ")");
                events.record("", "credential.refused", Map.of("capability", c, "reason", reason));
            }
        }
        if (!problems.isEmpty()) {
            throw new Refusal(403, "capabilities not grantable: " + String.join(", ", problems),
                    "ask only for capabilities the agent holds, or have the operator grant them");
        }
        long now = clock.instant().getEpochSecond();
        long ttl = Math.min(ttlSeconds(body, SCOPED_BODY), maxTtl);
        long exp = Math.min(now + ttl, agent.expiresAt().getEpochSecond());
        TokenClaims claims = new TokenClaims(agent.parent() + ":" + skill + ":run-" + randomId(), agent.parent(),
                capabilities, Instant.ofEpochSecond(now), Instant.ofEpochSecond(exp), TokenClaims.newId(),
                TokenClaims.Kind.SCOPED, Optional.empty(), agent.expiresAt());
        return answer(issuer.mint(claims), claims);
    }

    ObjectNode refresh(FullHttpRequest req, Optional<String> listenerRun) throws Refusal {
        TokenClaims old = gate.check(req.headers(), TokenClaims.Kind.SCOPED, listenerRun);
        Optional<JsonNode> body = req.content().isReadable() ? body(req) : Optional.empty();
        if (req.content().isReadable() && body.isEmpty()) {
            throw badRequest("the body must be empty or a JSON object", REFRESH_BODY);
        }
        // A token never outlives its limit (exp <= lim), so a token still valid now is below the limit too.
        long now = clock.instant().getEpochSecond();
        long lim = old.limit().getEpochSecond();
        long asked = body.isPresent() && body.get().has("ttlSeconds") ? ttlSeconds(body.get(), REFRESH_BODY)
                : old.expiresAt().getEpochSecond() - old.issuedAt().getEpochSecond();
        long ttl = Math.min(asked, maxTtl);
        TokenClaims renewed = old.renewed(Instant.ofEpochSecond(now), Instant.ofEpochSecond(Math.min(now + ttl, lim)));
        return answer(issuer.refresh(old, renewed), renewed);
    }

    private static ObjectNode answer(String token, TokenClaims c) {
        ObjectNode o = Json.json().createObjectNode().put("token", token).put("expiresAt", c.expiresAt().toString());
        c.capabilities().forEach(o.putArray("capabilities")::add);
        return o;
    }

    private long ttlSeconds(JsonNode body, String fix) throws Refusal {
        JsonNode n = body.path("ttlSeconds");
        if (n.isMissingNode()) {
            return maxTtl;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 1) {
            throw badRequest("ttlSeconds must be a positive whole number", fix);
        }
        return n.longValue();
    }

    private static List<String> capabilities(JsonNode n) throws Refusal {
        if (!n.isArray() || n.isEmpty()) {
            throw badRequest("capabilities must be a non-empty list of capability names", SCOPED_BODY);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode c : n) {
            if (!c.isString()) {
                throw badRequest("capabilities must be a non-empty list of capability names", SCOPED_BODY);
            }
            if (!out.contains(c.stringValue())) {
                out.add(c.stringValue());
            }
        }
        return out;
    }

    private static Optional<JsonNode> body(FullHttpRequest req) {
        try {
            JsonNode n = Json.json().readTree(ByteBufUtil.getBytes(req.content()));
            return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static String randomId() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Refusal badRequest(String problem, String fix) {
        return new Refusal(400, problem, fix);
    }
}

package io.skillbox.gateway.broker;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.gateway.token.ScopedTokens;
import io.skillbox.gateway.token.TokenClaims;
import io.skillbox.gateway.token.TokenException;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a request's bearer token opens an endpoint: a valid signature and expiry, the kind
 * the endpoint needs, a run still live, and on a run's own listener, that run. Every refusal is
 * recorded as {@code token.refused}.
 */
final class Gatekeeper {
    private static final String BEARER = "bearer ";

    private final ScopedTokens tokens;
    private final RunRegistry runs;
    private final NetworkEvents events;

    Gatekeeper(ScopedTokens tokens, RunRegistry runs, NetworkEvents events) {
        this.tokens = tokens;
        this.runs = runs;
        this.events = events;
    }

    /**
     * The claims of the request's token if it may use an endpoint for {@code kind}.
     *
     * @param listenerRun the run whose listener the request came in on, if any
     */
    TokenClaims check(HttpHeaders headers, TokenClaims.Kind kind, Optional<String> listenerRun) throws Refusal {
        String here = listenerRun.orElse("");
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION, "");
        if (!auth.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw refuse(here, 401, "missing bearer token",
                    "send Authorization: Bearer <token> (a run finds its token in $SKILLBOX_TOKEN)");
        }
        TokenClaims claims;
        try {
            claims = tokens.verify(auth.substring(BEARER.length()).strip());
        } catch (TokenException e) {
            throw refuse(here, 401, e.reason(), "use a token this broker issued, before it expires");
        }
        String owner = claims.run().orElse(here);
        if (claims.kind() != kind) {
            throw kind == TokenClaims.Kind.SCOPED
                    ? refuse(owner, 403, "an agent token cannot call providers",
                            "mint a scoped token with POST /v1/tokens/scoped and call with that")
                    : refuse(owner, 403, "a scoped token cannot mint tokens",
                            "mint scoped tokens with the agent's token (skillbox token agent NAME)");
        }
        if (claims.run().isPresent() && !runs.isLive(claims.run().get())) {
            throw refuse(owner, 401, "the token's run has ended", "tokens die with their run; start a new run");
        }
        if (listenerRun.isPresent() && !claims.run().equals(listenerRun)) {
            throw refuse(here, 403, "the token does not belong to this run", "use the token this run was given");
        }
        return claims;
    }

    private Refusal refuse(String runId, int status, String reason, String fix) {
        events.record(runId, "token.refused", Map.of("reason", reason));
        return new Refusal(status, reason, fix);
    }
}

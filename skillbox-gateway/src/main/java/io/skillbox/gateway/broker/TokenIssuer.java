package io.skillbox.gateway.broker;

import io.skillbox.core.network.NetworkEvents;
import io.skillbox.gateway.token.ScopedTokens;
import io.skillbox.gateway.token.TokenClaims;
import java.util.LinkedHashMap;
import java.util.Map;

/** Mints tokens and records each in the audit trail (its claims, never the token itself). */
final class TokenIssuer {
    private final ScopedTokens tokens;
    private final NetworkEvents events;

    TokenIssuer(ScopedTokens tokens, NetworkEvents events) {
        this.tokens = tokens;
        this.events = events;
    }

    String mint(TokenClaims claims) {
        String token = tokens.mint(claims);
        events.record(claims.run().orElse(""), "token.minted", details(claims));
        return token;
    }

    String refresh(TokenClaims previous, TokenClaims renewed) {
        String token = tokens.mint(renewed);
        Map<String, Object> d = details(renewed);
        d.put("previous", previous.id());
        events.record(renewed.run().orElse(""), "token.refreshed", d);
        return token;
    }

    private static Map<String, Object> details(TokenClaims c) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("sub", c.subject());
        d.put("parent", c.parent());
        d.put("capabilities", c.capabilities());
        d.put("exp", c.expiresAt().getEpochSecond());
        d.put("jti", c.id());
        d.put("kind", c.kind().wireName());
        return d;
    }
}

package io.skillbox.gateway.token;

import io.skillbox.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link TokenClaims} as the JWT payload. Decoding is strict: every claim present with its type, no
 * unknown claims and no duplicate keys, because the broker minted every token it accepts.
 */
final class ClaimsCodec {
    static final String ISSUER = "skillbox";
    /** 9999-12-31T23:59:59Z: later times are not times a token could hold. */
    private static final long MAX_SECONDS = 253_402_300_799L;
    private static final Set<String> KNOWN = Set.of("iss", "sub", "parent", "capabilities", "iat", "exp", "jti",
            "kind", "run", "lim");

    private ClaimsCodec() {}

    static byte[] encode(TokenClaims c) {
        ObjectNode o = Json.json().createObjectNode();
        o.put("iss", ISSUER).put("sub", c.subject()).put("parent", c.parent());
        ArrayNode caps = o.putArray("capabilities");
        c.capabilities().forEach(caps::add);
        o.put("iat", c.issuedAt().getEpochSecond()).put("exp", c.expiresAt().getEpochSecond())
                .put("jti", c.id()).put("kind", c.kind().wireName());
        c.run().ifPresent(run -> o.put("run", run));
        o.put("lim", c.limit().getEpochSecond());
        return Json.json().writeValueAsBytes(o);
    }

    static TokenClaims decode(byte[] json) throws TokenException {
        JsonNode o;
        try {
            o = Json.json().readTree(json);
        } catch (JacksonException e) {
            throw new TokenException("token claims are not JSON");
        }
        if (o == null || !o.isObject()) {
            throw new TokenException("token claims are not a JSON object");
        }
        for (String name : o.propertyNames()) {
            if (!KNOWN.contains(name)) {
                throw new TokenException("unexpected claim " + name);
            }
        }
        if (!ISSUER.equals(text(o, "iss"))) {
            throw new TokenException("token not issued by skillbox");
        }
        TokenClaims.Kind kind = TokenClaims.Kind.ofWireName(text(o, "kind"))
                .orElseThrow(() -> new TokenException("claim kind must be agent or scoped"));
        Optional<String> run = o.has("run") ? Optional.of(text(o, "run")) : Optional.empty();
        try {
            return new TokenClaims(text(o, "sub"), text(o, "parent"), texts(o, "capabilities"), seconds(o, "iat"),
                    seconds(o, "exp"), text(o, "jti"), kind, run, seconds(o, "lim"));
        } catch (IllegalArgumentException e) {
            throw new TokenException("inconsistent token times");
        }
    }

    private static String text(JsonNode o, String name) throws TokenException {
        JsonNode n = o.get(name);
        if (n == null || !n.isString() || n.stringValue().isEmpty()) {
            throw new TokenException("claim " + name + " missing or not a string");
        }
        return n.stringValue();
    }

    private static Instant seconds(JsonNode o, String name) throws TokenException {
        JsonNode n = o.get(name);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0
                || n.longValue() > MAX_SECONDS) {
            throw new TokenException("claim " + name + " missing or not a time in seconds");
        }
        return Instant.ofEpochSecond(n.longValue());
    }

    private static List<String> texts(JsonNode o, String name) throws TokenException {
        JsonNode n = o.get(name);
        if (n == null || !n.isArray()) {
            throw new TokenException("claim " + name + " missing or not a list");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isString()) {
                throw new TokenException("claim " + name + " holds a non-string");
            }
            out.add(e.stringValue());
        }
        return out;
    }
}

package io.skillbox.gateway.token;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Mints and verifies the broker's tokens: compact JWS with {@code alg EdDSA} and the broker key's id as
 * {@code kid}. Verification needs nothing but the key and the clock, so every brokered request can
 * afford it; it is strict because the broker minted every token it accepts: one header, one algorithm,
 * one key, no leeway on {@code exp}. Thread-safe.
 */
public final class ScopedTokens {
    /** Longer than any token the broker mints; larger input is refused before any work. */
    static final int MAX_TOKEN_CHARS = 8192;
    /** How far {@code iat} may lie ahead of this host's clock (another host's clock may run ahead). */
    private static final long IAT_SKEW_MILLIS = 5_000;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final EdDsaKey key;
    private final Clock clock;
    private final String keyId;
    private final String header;

    public ScopedTokens(KeyPair key, Clock clock) {
        this.key = new EdDsaKey(key);
        this.clock = clock;
        this.keyId = Ed25519.keyId(key.getPublic());
        byte[] h = Json.json().writeValueAsBytes(
                Json.json().createObjectNode().put("alg", "EdDSA").put("typ", "JWT").put("kid", keyId));
        this.header = B64.encodeToString(h);
    }

    /** The signed token for {@code claims}; the caller decides the claims (and checks the grant). */
    public String mint(TokenClaims claims) {
        String signingInput = header + "." + B64.encodeToString(ClaimsCodec.encode(claims));
        byte[] signature = key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(signature);
    }

    /**
     * The claims of a token this broker minted, still valid now.
     *
     * @throws TokenException naming why not: malformed, another algorithm or key, bad signature, expired,
     *                        issued in the future, or a claim missing or of the wrong type
     */
    public TokenClaims verify(String token) throws TokenException {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw new TokenException("malformed token");
        }
        int first = -1;
        int second = -1;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (first < 0) {
                    first = i;
                } else if (second < 0) {
                    second = i;
                } else {
                    throw new TokenException("malformed token: more than three parts");
                }
            } else if (!isBase64Url(c)) {
                throw new TokenException("malformed token: not base64url");
            }
        }
        if (second < 0) {
            throw new TokenException("malformed token: fewer than three parts");
        }
        checkHeader(token.substring(0, first));
        byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
        if (!key.verify(signingInput, second, signature(token.substring(second + 1)))) {
            throw new TokenException("bad token signature");
        }
        TokenClaims claims = ClaimsCodec.decode(decode(token.substring(first + 1, second)));
        long now = clock.millis();
        if (now >= claims.expiresAt().toEpochMilli()) {
            throw new TokenException("token expired");
        }
        if (claims.issuedAt().toEpochMilli() > now + IAT_SKEW_MILLIS) {
            throw new TokenException("token issued in the future");
        }
        return claims;
    }

    /** Only the exact header this class writes passes; anything else is refused with the closest reason. */
    private void checkHeader(String segment) throws TokenException {
        if (segment.equals(header)) {
            return;
        }
        JsonNode h;
        try {
            h = Json.json().readTree(decode(segment));
        } catch (JacksonException e) {
            throw new TokenException("malformed token header");
        }
        if (h == null || !h.isObject()) {
            throw new TokenException("malformed token header");
        }
        String alg = h.path("alg").asString("");
        if (!alg.equals("EdDSA")) {
            boolean plain = alg.length() <= 16 && alg.chars().allMatch(Character::isLetterOrDigit);
            throw new TokenException("unsupported token algorithm" + (plain ? " '" + alg + "'" : ""));
        }
        if (!keyId.equals(h.path("kid").asString(""))) {
            throw new TokenException("token signed by an unknown key");
        }
        throw new TokenException("unexpected token header");
    }

    /** The signature, in its one canonical encoding (base64 lets the last character's spare bits vary). */
    private static byte[] signature(String segment) throws TokenException {
        byte[] signature = decode(segment);
        if (!B64.encodeToString(signature).equals(segment)) {
            throw new TokenException("malformed token signature");
        }
        return signature;
    }

    private static byte[] decode(String segment) throws TokenException {
        try {
            return B64D.decode(segment);
        } catch (IllegalArgumentException e) {
            throw new TokenException("malformed token: not base64url");
        }
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}

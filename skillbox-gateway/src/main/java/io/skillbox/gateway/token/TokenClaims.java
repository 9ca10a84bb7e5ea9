package io.skillbox.gateway.token;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a token says, as the broker decides on it. Times are whole seconds, as in the JWT.
 *
 * @param subject      {@code sub}: {@code agent:skill:run} for a scoped token, {@code agent:NAME} for an agent token
 * @param parent       {@code parent}: the agent the bearer acts for; the audit trail leads back to it
 * @param capabilities {@code capabilities}: the provider capabilities the bearer may call, nothing else
 * @param issuedAt     {@code iat}
 * @param expiresAt    {@code exp}: refused from this second on
 * @param id           {@code jti}: 128 random bits, new for every token (also a refreshed one)
 * @param kind         {@code kind}: agent tokens mint scoped tokens, scoped tokens call providers
 * @param run          {@code run}: the skillbox run the token belongs to; such a token dies when the run ends
 * @param limit        {@code lim}: the latest {@code exp} a refresh may reach
 */
public record TokenClaims(String subject, String parent, List<String> capabilities, Instant issuedAt,
        Instant expiresAt, String id, Kind kind, Optional<String> run, Instant limit) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which endpoints a token opens. */
    public enum Kind {
        /** Held by an agent: may mint scoped tokens for its grants, may not call providers. */
        AGENT("agent"),
        /** Held by a skill: may call providers for its capabilities, may not mint. */
        SCOPED("scoped");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The {@code kind} claim's value. */
        public String wireName() {
            return wireName;
        }

        static Optional<Kind> ofWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    public TokenClaims {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(parent, "parent");
        capabilities = List.copyOf(capabilities);
        issuedAt = issuedAt.truncatedTo(ChronoUnit.SECONDS);
        expiresAt = expiresAt.truncatedTo(ChronoUnit.SECONDS);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(run, "run");
        limit = limit.truncatedTo(ChronoUnit.SECONDS);
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("a token must expire after it is issued");
        }
        if (limit.isBefore(expiresAt)) {
            throw new IllegalArgumentException("a token cannot expire after its refresh limit");
        }
    }

    /** A fresh {@code jti}: 128 random bits, base64url. */
    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The same grant under a new {@code jti}, issued {@code now} and expiring at {@code expiresAt}. */
    public TokenClaims renewed(Instant now, Instant expiresAt) {
        return new TokenClaims(subject, parent, capabilities, now, expiresAt, newId(), kind, run, limit);
    }

    /** Whether the token grants {@code capability}. */
    public boolean grants(String capability) {
        return capabilities.contains(capability);
    }
}

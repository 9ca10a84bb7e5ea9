package io.skillbox.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.crypto.Ed25519;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopedTokensTest {
    private static final KeyPair KEY = Ed25519.generate();
    private static final Instant T0 = Instant.parse("2026-02-11T16:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final ScopedTokens tokens = new ScopedTokens(KEY, clock);

    private static TokenClaims claims(Instant iat, Duration ttl) {
        return new TokenClaims("local:weather-lookup:run-abc", "local", List.of("custom/weather", "maps"), iat,
                iat.plus(ttl), TokenClaims.newId(), TokenClaims.Kind.SCOPED, Optional.of("run-abc"), iat.plus(ttl.multipliedBy(2)));
    }

    private static String payload(String extra) {
        return "{\"iss\":\"skillbox\",\"sub\":\"a:s:r\",\"parent\":\"a\",\"capabilities\":[\"x\"],\"iat\":"
                + T0.getEpochSecond() + ",\"exp\":" + (T0.getEpochSecond() + 60) + ",\"jti\":\"j\",\"kind\":\"scoped\",\"lim\":"
                + (T0.getEpochSecond() + 60) + extra + "}";
    }

    private void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(TokenException.class)
                .extracting(e -> ((TokenException) e).reason()).asString().contains(reason);
    }

    @Test
    void mintedTokenVerifiesToTheSameClaims() throws TokenException {
        TokenClaims c = claims(T0, Duration.ofMinutes(5));
        String token = tokens.mint(c);

        assertThat(tokens.verify(token)).isEqualTo(c);
        assertThat(TestJwts.payload(token)).contains("\"iss\":\"skillbox\"", "\"sub\":\"local:weather-lookup:run-abc\"",
                "\"parent\":\"local\"", "\"kind\":\"scoped\"", "\"run\":\"run-abc\"", "\"exp\":" + (T0.getEpochSecond() + 300));
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(header).isEqualTo(TestJwts.header(KEY));
    }

    @Test
    void tokensAreStandardJwsThatTheJdkVerifiesToo() {
        String token = tokens.mint(claims(T0, Duration.ofMinutes(1)));
        String[] p = token.split("\\.");
        assertThat(Ed25519.verify(KEY.getPublic(), (p[0] + "." + p[1]).getBytes(),
                Base64.getUrlDecoder().decode(p[2]))).isTrue();
    }

    @Test
    void handSignedTokenWithTheSameKeyVerifies() throws TokenException {
        assertThat(tokens.verify(TestJwts.sign(KEY, TestJwts.header(KEY), payload(""))).capabilities())
                .containsExactly("x");
    }

    @Test
    void agentTokenWithoutRunRoundTrips() throws TokenException {
        TokenClaims c = new TokenClaims("agent:local", "local", List.of(), T0, T0.plusSeconds(60), TokenClaims.newId(),
                TokenClaims.Kind.AGENT, Optional.empty(), T0.plusSeconds(60));
        assertThat(tokens.verify(tokens.mint(c))).isEqualTo(c);
    }

    @Test
    void tokenOfAnotherKeyIsRefused() {
        ScopedTokens other = new ScopedTokens(Ed25519.generate(), clock);
        assertRefused(other.mint(claims(T0, Duration.ofMinutes(1))), "unknown key");
    }

    @Test
    void tokenForgedWithAnotherKeyUnderOurKidIsRefused() {
        KeyPair forger = Ed25519.generate();
        assertRefused(TestJwts.sign(forger, TestJwts.header(KEY), payload("")), "bad token signature");
    }

    @Test
    void widenedCapabilitiesBreakTheSignature() {
        String token = tokens.mint(claims(T0, Duration.ofMinutes(1)));
        String widened = TestJwts.payload(token).replace("\"maps\"", "\"maps\",\"admin\"");
        assertRefused(TestJwts.withPayload(token, widened), "bad token signature");
    }

    @Test
    void algNoneIsRefused() {
        String token = TestJwts.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + TestJwts.b64(payload("")) + ".";
        assertRefused(token, "unsupported token algorithm 'none'");
    }

    @Test
    void hs256IsRefusedEvenWhenSignedWithThePublicKeyAsSecret() throws Exception {
        String input = TestJwts.b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + TestJwts.b64(payload(""));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(Ed25519.raw(KEY.getPublic()), "HmacSHA256"));
        String token = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes()));
        assertRefused(token, "unsupported token algorithm 'HS256'");
    }

    @Test
    void headerWithExtraFieldsIsRefusedEvenWhenSigned() {
        String header = TestJwts.header(KEY).replace("}", ",\"jku\":\"https://evil.example/keys\"}");
        assertRefused(TestJwts.sign(KEY, header, payload("")), "unexpected token header");
    }

    @Test
    void expiredTokenIsRefusedFromTheSecondOfExpiry() throws TokenException {
        String token = tokens.mint(claims(T0, Duration.ofSeconds(30)));
        clock.advance(Duration.ofMillis(29_999));
        tokens.verify(token);
        clock.advance(Duration.ofMillis(1));
        assertRefused(token, "token expired");
    }

    @Test
    void tokenIssuedInTheFutureIsRefusedBeyondFiveSeconds() throws TokenException {
        tokens.verify(tokens.mint(claims(T0.plusSeconds(5), Duration.ofMinutes(1))));
        assertRefused(tokens.mint(claims(T0.plusSeconds(6), Duration.ofMinutes(1))), "issued in the future");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "a.b.c d", "é.b.c"})
    void malformedTokensAreRefused(String token) {
        assertRefused(token, "malformed token");
    }

    @Test
    void overlongTokenIsRefusedBeforeParsing() {
        assertRefused("a".repeat(ScopedTokens.MAX_TOKEN_CHARS + 1), "malformed token");
    }

    @Test
    void signatureMustBeCanonicalBase64() {
        String token = tokens.mint(claims(T0, Duration.ofMinutes(1)));
        char last = token.charAt(token.length() - 1);
        // The last of 86 characters carries 2 bits of the signature and 4 spare ones; flip a spare bit.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char other = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        assertRefused(token.substring(0, token.length() - 1) + other, "malformed token");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"iss\":\"skillbox\"}",
            "[1,2]",
            "{\"iss\":\"other\",\"sub\":\"a\",\"parent\":\"a\",\"capabilities\":[],\"iat\":1,\"exp\":2,\"jti\":\"j\",\"kind\":\"agent\",\"lim\":2}"})
    void incompleteOrForeignClaimsAreRefused(String payloadJson) {
        assertThatThrownBy(() -> tokens.verify(TestJwts.sign(KEY, TestJwts.header(KEY), payloadJson)))
                .isInstanceOf(TokenException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {",\"admin\":true", ",\"exp\":9999999999"})
    void unknownOrDuplicateClaimsAreRefused(String extra) {
        assertThatThrownBy(() -> tokens.verify(TestJwts.sign(KEY, TestJwts.header(KEY), payload(extra))))
                .isInstanceOf(TokenException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"capabilities\":[\"x\"]|\"capabilities\":\"x\"", "\"capabilities\":[\"x\"]|\"capabilities\":[1]",
            "\"kind\":\"scoped\"|\"kind\":\"root\"", "\"iat\":|\"iat\":-", "\"sub\":\"a:s:r\"|\"sub\":7"})
    void illTypedClaimsAreRefused(String replacement) {
        String[] r = replacement.split("\\|");
        String bad = payload("").replace(r[0], r[1]);
        assertThat(bad).isNotEqualTo(payload(""));
        assertThatThrownBy(() -> tokens.verify(TestJwts.sign(KEY, TestJwts.header(KEY), bad)))
                .isInstanceOf(TokenException.class);
    }

    @Test
    void claimsRefuseAnExpiryPastTheRefreshLimit() {
        assertThatThrownBy(() -> new TokenClaims("s", "p", List.of(), T0, T0.plusSeconds(10), "j",
                TokenClaims.Kind.SCOPED, Optional.empty(), T0.plusSeconds(5))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyPairWhoseHalvesDoNotMatchIsRejected() {
        KeyPair mixed = new KeyPair(Ed25519.generate().getPublic(), KEY.getPrivate());
        assertThatThrownBy(() -> new ScopedTokens(mixed, clock)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.skillbox.bench;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.gateway.token.ScopedTokens;
import io.skillbox.gateway.token.TokenClaims;
import io.skillbox.gateway.token.TokenException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The broker's per-request cost of trusting a token, from one thread:
 * <ul>
 *   <li>{@link #verify}: what every brokered call pays (parse, header check, Ed25519 over BouncyCastle's
 *       precomputed public point, claims; target ≥ 10,000/s on one core);
 *   <li>{@link #mint}: what admitting a run or {@code POST /v1/tokens/scoped} pays;
 *   <li>{@link #verifyJdkBaseline}: the signature check alone with the JDK's {@code Signature("Ed25519")},
 *       which is why the broker does not use it.
 * </ul>
 * See docs/BENCHMARKS.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class TokenBenchmark {
    private ScopedTokens tokens;
    private KeyPair key;
    private TokenClaims claims;
    private String token;
    private byte[] signingInput;
    private byte[] signature;

    @Setup
    public void setUp() {
        key = Ed25519.generate();
        // A fixed clock keeps the token valid however long the trial runs.
        Instant now = Instant.parse("2026-02-11T16:00:00Z");
        tokens = new ScopedTokens(key, Clock.fixed(now, ZoneOffset.UTC));
        claims = new TokenClaims("local:weather-lookup:run-01JDX4Y7M9", "local",
                List.of("custom/openweathermap-api-key", "maps"), now, now.plus(Duration.ofMinutes(5)),
                TokenClaims.newId(), TokenClaims.Kind.SCOPED, Optional.of("run-01JDX4Y7M9"), now.plus(Duration.ofMinutes(10)));
        token = tokens.mint(claims);
        int dot = token.lastIndexOf('.');
        signingInput = token.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    }

    @Benchmark
    public String mint() {
        return tokens.mint(claims);
    }

    @Benchmark
    public TokenClaims verify() throws TokenException {
        return tokens.verify(token);
    }

    @Benchmark
    public boolean verifyJdkBaseline() {
        return Ed25519.verify(key.getPublic(), signingInput, signature);
    }
}

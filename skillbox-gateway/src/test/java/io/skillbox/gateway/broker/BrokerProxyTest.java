package io.skillbox.gateway.broker;

import static io.skillbox.gateway.broker.BrokerHarness.GEO_KEY;
import static io.skillbox.gateway.broker.BrokerHarness.MAPS_KEY;
import static io.skillbox.gateway.broker.BrokerHarness.WEATHER_BASIC_KEY;
import static io.skillbox.gateway.broker.BrokerHarness.WEATHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Brokered calls that are allowed: the key reaches the provider, never the skill. */
class BrokerProxyTest {
    @TempDir
    Path dir;

    private BrokerHarness h;
    private String token;
    private URI run;

    @BeforeEach
    void setUp() {
        h = new BrokerHarness(dir);
        token = h.admit("run-1", Duration.ofMinutes(10), "weather/current", "maps", "geo");
        run = h.listen(Optional.of("run-1"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void assertProviderNeverSawTheToken(FakeProvider.Seen seen) {
        assertThat(seen.headers().toString()).doesNotContain(token);
        assertThat(String.valueOf(seen.rawQuery())).doesNotContain(token);
        assertThat(seen.body()).doesNotContain(token);
    }

    @Test
    void bearerKeyIsInjectedAndTheTokenStaysBehind() {
        BrokerHarness.Reply r = h.get(run, "/v1/proxy/weather/current/data/2.5?q=Berlin&units=metric", token);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"ok\":true}");
        FakeProvider.Seen seen = h.bearerApi.seen.getFirst();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.path()).isEqualTo("/api/data/2.5");
        assertThat(seen.rawQuery()).isEqualTo("q=Berlin&units=metric");
        assertThat(seen.header("Authorization")).isEqualTo("Bearer " + WEATHER_KEY);
        assertProviderNeverSawTheToken(seen);
        assertThat(h.events("credential.used")).singleElement().satisfies(e -> {
            assertThat(e.runId()).isEqualTo("run-1");
            assertThat(e.details()).containsEntry("capability", "weather/current").containsEntry("method", "GET")
                    .containsEntry("status", 200).containsEntry("host", "127.0.0.1");
        });
    }

    @Test
    void headerKeyIsInjectedWithItsPrefixAndNoAuthorizationIsForwarded() {
        BrokerHarness.Reply r = h.get(run, "/v1/proxy/maps/geocode", token);

        assertThat(r.status()).isEqualTo(200);
        FakeProvider.Seen seen = h.headerApi.seen.getFirst();
        assertThat(seen.path()).isEqualTo("/api/geocode");
        assertThat(seen.header("X-Api-Key")).isEqualTo("Key " + MAPS_KEY);
        assertThat(seen.header("Authorization")).isNull();
        assertProviderNeverSawTheToken(seen);
    }

    @Test
    void queryKeyIsAppendedEncodedAndReplacesOneTheSkillSent() {
        BrokerHarness.Reply r = h.get(run, "/v1/proxy/geo/lookup?city=K%C3%B6ln&appid=fake", token);

        assertThat(r.status()).isEqualTo(200);
        FakeProvider.Seen seen = h.queryApi.seen.getFirst();
        List<String> params = Arrays.asList(seen.rawQuery().split("&"));
        assertThat(params).hasSize(2).contains("city=K%C3%B6ln");
        String appid = params.stream().filter(p -> p.startsWith("appid=")).findFirst().orElseThrow();
        assertThat(URLDecoder.decode(appid.substring(6), StandardCharsets.UTF_8)).isEqualTo(GEO_KEY);
        assertThat(seen.header("Authorization")).isNull();
        assertProviderNeverSawTheToken(seen);
    }

    @Test
    void methodBodyAndOrdinaryHeadersAreRelayedButCredentialsAndHopByHopHeadersAreNot() {
        h.bearerApi.answer = s -> new FakeProvider.Answer(201, Map.of("X-Request-Id", "r-77", "Content-Type", "text/plain"),
                "created");
        BrokerHarness.Reply r = h.call(run, "POST", "/v1/proxy/weather/current/alerts", token, "{\"city\":\"Berlin\"}",
                "Content-Type", "application/json", "X-Trace", "t-1", "Cookie", "session=abc",
                "Proxy-Authorization", "Basic eDp5", "Keep-Alive", "timeout=5");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEqualTo("created");
        assertThat(r.headers()).containsEntry("x-request-id", List.of("r-77"));
        FakeProvider.Seen seen = h.bearerApi.seen.getFirst();
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.body()).isEqualTo("{\"city\":\"Berlin\"}");
        assertThat(seen.header("Content-Type")).isEqualTo("application/json");
        assertThat(seen.header("X-Trace")).isEqualTo("t-1");
        assertThat(seen.header("Cookie")).isNull();
        assertThat(seen.header("Proxy-Authorization")).isNull();
        assertThat(seen.header("Keep-Alive")).isNull();
        assertThat(seen.header("Accept-Encoding")).isEqualTo("identity");
    }

    @Test
    void aKeyTheProviderEchoesNeverReachesTheSkill() {
        String basic = Base64.getEncoder().encodeToString(("user:" + WEATHER_KEY).getBytes(StandardCharsets.UTF_8));
        h.bearerApi.answer = s -> new FakeProvider.Answer(401, Map.of("X-Echo", s.header("Authorization"),
                "WWW-Authenticate", "Bearer error=\"invalid_token\" token=\"" + WEATHER_KEY + "\""),
                "{\"received\":\"" + s.header("Authorization") + "\",\"basic\":\"Basic " + basic + "\",\"b64\":\""
                        + Base64.getEncoder().encodeToString(WEATHER_KEY.getBytes(StandardCharsets.UTF_8))
                        + "\",\"url\":\"" + URLEncoder.encode(WEATHER_KEY, StandardCharsets.UTF_8) + "\"}");

        BrokerHarness.Reply r = h.get(run, "/v1/proxy/weather/current/echo", token);

        assertThat(r.status()).isEqualTo(401);
        String all = r.headers() + r.body();
        assertThat(all).doesNotContain(WEATHER_KEY, Base64.getEncoder().encodeToString(WEATHER_KEY.getBytes()), basic);
        assertThat(r.body()).contains("\"received\":\"Bearer [redacted]\"");
        assertThat(r.headers().get("x-echo")).containsExactly("Bearer [redacted]");
    }

    @Test
    void aKeyWithSpecialCharactersIsScrubbedInEachEncoding() {
        h.queryApi.answer = s -> new FakeProvider.Answer(200, Map.of("Location", "https://x.example/?appid="
                + URLEncoder.encode(GEO_KEY, StandardCharsets.UTF_8)),
                "{\"query\":\"" + s.rawQuery() + "\",\"json\":\"" + GEO_KEY.replace("\"", "\\\"") + "\"}");

        BrokerHarness.Reply r = h.get(run, "/v1/proxy/geo/x", token);

        String all = r.headers() + r.body();
        assertThat(all).doesNotContain(GEO_KEY, URLEncoder.encode(GEO_KEY, StandardCharsets.UTF_8),
                GEO_KEY.replace("\"", "\\\""));
        assertThat(r.body()).contains("appid=[redacted]");
    }

    @Test
    void theLongestGrantedCapabilityNameWins() {
        String both = h.admit("run-2", Duration.ofMinutes(1), "weather", "weather/current");
        String broad = h.admit("run-3", Duration.ofMinutes(1), "weather");

        assertThat(h.get(h.listen(Optional.of("run-2")), "/v1/proxy/weather/current/now", both).status()).isEqualTo(200);
        assertThat(h.bearerApi.seen.getFirst().path()).isEqualTo("/api/now");
        assertThat(h.get(h.listen(Optional.of("run-3")), "/v1/proxy/weather/current/now", broad).status()).isEqualTo(200);
        FakeProvider.Seen viaBroad = h.headerApi.seen.getFirst();
        assertThat(viaBroad.path()).isEqualTo("/api/current/now");
        assertThat(viaBroad.header("X-Weather-Key")).isEqualTo(WEATHER_BASIC_KEY);
    }

    @Test
    void dotSegmentsCannotClimbOutOfTheProvidersBasePath() {
        assertThat(h.get(run, "/v1/proxy/weather/current/%2e%2e/admin", token).status()).isEqualTo(400);
        assertThat(h.get(run, "/v1/proxy/maps/a/%2E/b", token).status()).isEqualTo(400);
        assertThat(h.providerCalls()).isZero();
    }

    @Test
    void aCompressedAnswerIsRefusedBecauseItCannotBeScrubbed() {
        h.bearerApi.answer = s -> new FakeProvider.Answer(200, Map.of("Content-Encoding", "gzip"), "not really gzip");

        BrokerHarness.Reply r = h.get(run, "/v1/proxy/weather/current/x", token);

        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().path("error").asString()).contains("Content-Encoding gzip");
    }

    @Test
    void anUnreachableProviderIsABadGateway() {
        h.queryApi.close();

        BrokerHarness.Reply r = h.get(run, "/v1/proxy/geo/x", token);

        assertThat(r.status()).isEqualTo(502);
        assertThat(r.body()).doesNotContain(GEO_KEY, URLEncoder.encode(GEO_KEY, StandardCharsets.UTF_8));
        assertThat(h.events("credential.used")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("status", 502));
    }

    @Test
    void oneConnectionServesSeveralCallsInOrder() {
        for (int i = 0; i < 5; i++) {
            assertThat(h.get(run, "/v1/proxy/maps/n" + i, token).status()).isEqualTo(200);
        }
        assertThat(h.headerApi.seen).extracting(FakeProvider.Seen::path)
                .containsExactly("/api/n0", "/api/n1", "/api/n2", "/api/n3", "/api/n4");
    }
}

package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.skillbox.gateway.egress.Denial.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyRequestTest {

    private static HttpRequest request(HttpMethod method, String uri, String... headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    @ParameterizedTest
    @CsvSource({
            "http://api.test/, api.test, 80, /",
            "http://api.test, api.test, 80, /",
            "http://API.test:8080/a/b?c=d, api.test, 8080, /a/b?c=d",
            "http://api.test?q=1, api.test, 80, /?q=1",
            "http://api.test/p#fragment, api.test, 80, /p",
            "HTTP://api.test/, api.test, 80, /",
            "http://192.0.2.1:81/x, 192.0.2.1, 81, /x",
            "http://[2001:db8::1]:81/x, [2001:db8:0:0:0:0:0:1], 81, /x"})
    void forwardRequestsAreRewrittenToOriginForm(String uri, String host, int port, String originForm) {
        ProxyRequest parsed = ProxyRequest.of(request(HttpMethod.GET, uri), 16 * 1024);

        assertThat(parsed).isInstanceOfSatisfying(ProxyRequest.Forward.class, forward -> {
            assertThat(forward.target()).isEqualTo(new Target(host, port, Target.Kind.FORWARD));
            assertThat(forward.request().uri()).isEqualTo(originForm);
            assertThat(forward.request().protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        });
    }

    @Test
    void connectNamesItsTarget() {
        assertThat(ProxyRequest.of(request(HttpMethod.CONNECT, "Api.Test:443"), 16 * 1024))
                .isEqualTo(new ProxyRequest.Connect(new Target("api.test", 443, Target.Kind.CONNECT)));
    }

    @Test
    void hopByHopHeadersAreStripped() {
        ProxyRequest parsed = ProxyRequest.of(request(HttpMethod.GET, "http://api.test/",
                "Host", "api.test", "Connection", "close, X-Hop", "X-Hop", "1", "Proxy-Authorization", "Basic x",
                "Proxy-Connection", "keep-alive", "Keep-Alive", "5", "TE", "trailers", "Trailer", "X-T",
                "Upgrade", "h2c", "Accept", "*/*"), 16 * 1024);

        assertThat(parsed).isInstanceOfSatisfying(ProxyRequest.Forward.class, forward -> {
            assertThat(forward.request().headers().names()).containsExactlyInAnyOrder("Host", "Accept");
            assertThat(forward.keepAlive()).isFalse();
        });
    }

    @ParameterizedTest
    @CsvSource({"api.test:8080", "other.test", "api.test:81", "api.test.evil:80"})
    void aHostHeaderNamingAnotherTargetIsAMismatch(String host) {
        ProxyRequest parsed = ProxyRequest.of(request(HttpMethod.GET, "http://api.test/", "Host", host), 16 * 1024);

        assertThat(parsed).isInstanceOfSatisfying(ProxyRequest.Refused.class, refused -> {
            assertThat(refused.denial().reason()).isEqualTo(Reason.HOST_MISMATCH);
            assertThat(refused.denial().status()).isEqualTo(HttpResponseStatus.FORBIDDEN);
            assertThat(refused.denial().target()).contains(new Target("api.test", 80, Target.Kind.FORWARD));
        });
    }

    @ParameterizedTest
    @CsvSource({"api.test", "API.TEST:80", "api.test.:80"})
    void aHostHeaderNamingTheSameTargetPasses(String host) {
        assertThat(ProxyRequest.of(request(HttpMethod.GET, "http://api.test/", "Host", host), 16 * 1024))
                .isInstanceOf(ProxyRequest.Forward.class);
    }

    @Test
    void headsBeyondTheLimitAreALimitHit() {
        ProxyRequest parsed = ProxyRequest.of(request(HttpMethod.GET, "http://api.test/", "X-Big", "a".repeat(2000)), 1024);

        assertThat(parsed).isInstanceOfSatisfying(ProxyRequest.Refused.class, refused -> {
            assertThat(refused.denial().reason()).isEqualTo(Reason.LIMIT_HEADERS);
            assertThat(refused.denial().status()).isEqualTo(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
        });
    }
}

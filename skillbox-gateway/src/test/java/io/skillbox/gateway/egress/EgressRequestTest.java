package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests that are not proxy requests the proxy serves: 400, one line, connection closed, nothing sent on. */
class EgressRequestTest {
    private ProxyFixture fixture;
    private HttpOrigin origin;

    @BeforeEach
    void setUp() throws IOException {
        origin = new HttpOrigin("127.0.0.1", "origin");
        fixture = new ProxyFixture().name("api.test", "127.0.0.1");
        fixture.serve(List.of("api.test:" + origin.port(), "api.test:443"), ProxyFixture.LOOPBACK);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
        origin.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET /hello HTTP/1.1",                      // origin-form: a request for the proxy itself
            "GET * HTTP/1.1",
            "GET https://api.test/ HTTP/1.1",           // https goes through CONNECT
            "GET ftp://api.test:PORT/ HTTP/1.1",
            "TRACE http://api.test:PORT/ HTTP/1.1",
            "BREW http://api.test:PORT/ HTTP/1.1",
            "GET http://user@api.test:PORT/ HTTP/1.1",  // user info hides the real host from lenient readers
            "GET http://2130706433:PORT/ HTTP/1.1",     // a number that resolvers read as 127.0.0.1
            "GET http://127.1:PORT/ HTTP/1.1",
            "GET http://api.test:0/ HTTP/1.1",
            "GET http://api.test:PORT:80/ HTTP/1.1",
            "GET http:/// HTTP/1.1",
            "CONNECT api.test HTTP/1.1",
            "CONNECT [::1 HTTP/1.1"})
    void isRefusedAsABadRequest(String requestLine) throws IOException {
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange(requestLine.replace("PORT", String.valueOf(origin.port()))
                    + "\r\nHost: api.test:" + origin.port() + "\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.text()).startsWith("skillbox egress: ").doesNotContain("\n");
            assertThat(client.closedByPeer()).isTrue();
        }
        assertThat(origin.seen()).isEmpty();
        assertThat(fixture.events.named("network.denied")).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("reason", "bad-request"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Host: api.test\r\nHost: api.test", "Transfer-Encoding: gzip, chunked"})
    void ambiguousHeadersAreBadRequests(String headers) throws IOException {
        try (RawClient client = fixture.client()) {
            RawClient.Response response = client.exchange("POST http://api.test:" + origin.port() + "/echo HTTP/1.1\r\n"
                    + headers + "\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
        }
        assertThat(origin.seen()).isEmpty();
    }
}

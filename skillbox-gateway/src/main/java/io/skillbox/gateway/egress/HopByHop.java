package io.skillbox.gateway.egress;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Removes the headers that concern one hop only (RFC 9110 section 7.6.1), so that neither side learns the
 * other's connection details and the skill's proxy credentials never travel on. Framing headers stay even
 * when {@code Connection} names them: dropping {@code Content-Length} from a request whose body was read
 * by its length would let the body be read upstream as a second request.
 */
final class HopByHop {
    private static final List<CharSequence> ALWAYS = List.of(HttpHeaderNames.CONNECTION, "keep-alive",
            "proxy-connection", HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE);
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "host");

    private HopByHop() {}

    static void strip(HttpHeaders headers) {
        for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : value.split(",")) {
                String name = token.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !FRAMING.contains(name)) {
                    headers.remove(name);
                }
            }
        }
        ALWAYS.forEach(headers::remove);
    }
}

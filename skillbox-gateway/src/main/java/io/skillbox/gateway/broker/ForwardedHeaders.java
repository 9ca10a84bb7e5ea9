package io.skillbox.gateway.broker;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the broker. Toward the provider: not the skill's token or cookies, not hop-by-hop
 * or proxy headers, nothing the JDK client sets itself; toward the skill: not hop-by-hop headers, and
 * every value scrubbed of the key.
 */
final class ForwardedHeaders {
    /** RFC 9110 §7.6.1 hop-by-hop headers, and the JDK client's own (it refuses to take these). */
    private static final Set<String> NEVER = Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding",
            "upgrade", "host", "content-length", "expect", "http2-settings");
    /** The skill's own credentials and preferences the broker decides instead. */
    private static final Set<String> REQUEST_ONLY = Set.of("authorization", "cookie", "accept-encoding");

    private ForwardedHeaders() {}

    /** Copies the skill's headers to the upstream request, less {@code injected} (set by the broker). */
    static void toProvider(HttpHeaders from, HttpRequest.Builder to, String injected) {
        Set<String> drop = dropped(from);
        drop.addAll(REQUEST_ONLY);
        drop.add(injected.toLowerCase(Locale.ROOT));
        for (Map.Entry<String, String> e : from.entries()) {
            if (!drop.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                to.header(e.getKey(), e.getValue());
            }
        }
    }

    /** Copies the provider's headers to the answer for the skill, each value scrubbed. */
    static void toSkill(java.net.http.HttpHeaders from, HttpHeaders to, KeyRedactor redactor) {
        Set<String> drop = new HashSet<>(NEVER);
        from.allValues(HttpHeaderNames.CONNECTION.toString()).forEach(v -> addTokens(drop, v));
        for (Map.Entry<String, List<String>> e : from.map().entrySet()) {
            String name = e.getKey();
            if (name.startsWith(":") || drop.contains(name.toLowerCase(Locale.ROOT)) || redactor.contains(name)
                    || name.toLowerCase(Locale.ROOT).startsWith("proxy-")) {
                continue;
            }
            for (String value : e.getValue()) {
                to.add(name, redactor.redact(value));
            }
        }
    }

    /** Hop-by-hop names, proxy headers and whatever the Connection header lists. */
    private static Set<String> dropped(HttpHeaders from) {
        Set<String> drop = new HashSet<>(NEVER);
        from.getAll(HttpHeaderNames.CONNECTION).forEach(v -> addTokens(drop, v));
        for (String name : from.names()) {
            if (name.toLowerCase(Locale.ROOT).startsWith("proxy-")) {
                drop.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return drop;
    }

    private static void addTokens(Set<String> into, String connection) {
        for (String t : connection.split(",")) {
            into.add(t.strip().toLowerCase(Locale.ROOT));
        }
    }
}

package io.skillbox.gateway.broker;

import io.skillbox.core.policy.CredentialPolicy;
import io.skillbox.gateway.token.TokenClaims;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where {@code /v1/proxy/<capability>/<path>?query} goes. Capability names may contain '/', so the
 * longest provider name that prefixes the path and the token grants wins. The target is built on the
 * provider's own scheme and authority and checked to stay there, so no path can steer the key to
 * another host, and dot segments are refused so none can climb out of the provider's base path.
 *
 * @param capability the capability called
 * @param provider   its provider
 * @param target     the URL to forward to, with the key appended if the provider takes it in the query
 */
record ProxyRoute(String capability, CredentialPolicy.Provider provider, URI target) {

    /** The longest capability that prefixes {@code path} (after {@code /v1/proxy/}) and {@code claims} grants. */
    static Optional<String> granted(CredentialPolicy policy, String path, TokenClaims claims) {
        return longest(policy, path, claims::grants);
    }

    /** What a refused call was after: the longest provider name prefixing the path, else its first segment. */
    static String attempted(CredentialPolicy policy, String path) {
        return longest(policy, path, c -> true).orElse(path.contains("/") ? path.substring(0, path.indexOf('/')) : path);
    }

    /**
     * @param path     the raw path after {@code /v1/proxy/}, starting with {@code capability}
     * @param rawQuery the request's raw query, or empty
     * @param key      the raw key, for providers that take it as a query parameter
     */
    static ProxyRoute of(CredentialPolicy.Provider provider, String capability, String path, String rawQuery,
            String key) throws Refusal {
        String rest = path.substring(capability.length());
        rest = rest.startsWith("/") ? rest.substring(1) : rest;
        for (String segment : rest.split("/", -1)) {
            String s = segment.replace("%2e", ".").replace("%2E", ".");
            if (s.equals(".") || s.equals("..")) {
                throw new Refusal(400, "the path may not contain '.' or '..' segments",
                        "call /v1/proxy/" + capability + "/<path below the provider's base URL>");
            }
        }
        URI up = provider.upstream();
        String base = Objects.requireNonNullElse(up.getRawPath(), "");
        String joined = rest.isEmpty() ? base : base.endsWith("/") ? base + rest : base + "/" + rest;
        List<String> query = new ArrayList<>();
        addParams(query, up.getRawQuery(), Optional.empty());
        Optional<String> keyParam = provider.inject() instanceof CredentialPolicy.Query q ? Optional.of(q.param())
                : Optional.empty();
        addParams(query, rawQuery, keyParam);
        keyParam.ifPresent(p -> query.add(URLEncoder.encode(p, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(key, StandardCharsets.UTF_8)));
        String text = up.getScheme() + "://" + up.getRawAuthority() + (joined.startsWith("/") ? "" : "/") + joined
                + (query.isEmpty() ? "" : "?" + String.join("&", query));
        URI target;
        try {
            target = new URI(text);
        } catch (URISyntaxException e) {
            throw new Refusal(400, "the path or query is not a valid URL part", "percent-encode the path and query");
        }
        if (!up.getScheme().equals(target.getScheme()) || !Objects.equals(up.getRawAuthority(), target.getRawAuthority())) {
            throw new Refusal(400, "the path would leave the provider's host", "call a path below the provider's base URL");
        }
        return new ProxyRoute(capability, provider, target);
    }

    private static Optional<String> longest(CredentialPolicy policy, String path, Predicate<String> ok) {
        String best = null;
        for (String name : policy.providers().keySet()) {
            boolean prefixes = path.startsWith(name) && (path.length() == name.length() || path.charAt(name.length()) == '/');
            if (prefixes && ok.test(name) && (best == null || name.length() > best.length())) {
                best = name;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Adds the pairs of {@code raw}, less any named {@code drop}: the key parameter is the broker's alone. */
    private static void addParams(List<String> out, String raw, Optional<String> drop) throws Refusal {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new Refusal(400, "the query is not validly percent-encoded", "percent-encode the query");
            }
            if (!pair.isEmpty() && !drop.map(name::equals).orElse(false)) {
                out.add(pair);
            }
        }
    }
}

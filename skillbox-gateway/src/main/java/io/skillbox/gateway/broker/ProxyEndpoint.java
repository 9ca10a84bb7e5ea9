package io.skillbox.gateway.broker;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.core.policy.CredentialPolicy;
import io.skillbox.gateway.secrets.SecretResolver;
import io.skillbox.gateway.token.TokenClaims;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code ANY /v1/proxy/<capability>/<path>}: the one place a raw key is used. The skill's call goes to
 * the capability's provider with the key injected as the policy says, and the answer comes back with
 * the key scrubbed from headers and body; a capability the token does not grant is refused and counted
 * as the run's violation.
 */
final class ProxyEndpoint {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final long MAX_ANSWER = 16L << 20;

    private final CredentialPolicy policy;
    private final SecretResolver secrets;
    private final HttpClient http;
    private final RunRegistry runs;
    private final NetworkEvents events;

    ProxyEndpoint(CredentialPolicy policy, SecretResolver secrets, HttpClient http, RunRegistry runs,
            NetworkEvents events) {
        this.policy = policy;
        this.secrets = secrets;
        this.http = http;
        this.runs = runs;
        this.events = events;
    }

    /**
     * @param path     the raw path after {@code /v1/proxy/}
     * @param rawQuery the raw query, or empty
     */
    CompletableFuture<FullHttpResponse> forward(FullHttpRequest req, String path, String rawQuery, TokenClaims claims)
            throws Refusal {
        String runId = claims.run().orElse("");
        Optional<String> granted = ProxyRoute.granted(policy, path, claims);
        if (granted.isEmpty()) {
            String attempted = ProxyRoute.attempted(policy, path);
            claims.run().ifPresent(run -> runs.refused(run, attempted));
            events.record(runId, "credential.refused", Map.of("capability", attempted, "reason", "not granted to the token"));
            throw new Refusal(403, "capability '" + attempted + "' is not granted to this token",
                    "declare it in the manifest's credentials and have the operator grant it to agent " + claims.parent());
        }
        String capability = granted.get();
        CredentialPolicy.Provider provider = policy.provider(capability).orElseThrow();
        String key;
        try {
            key = secrets.resolve(provider.secret());
        } catch (SkillboxException e) {
            events.record(runId, "credential.refused", Map.of("capability", capability, "reason", e.getMessage()));
            throw new Refusal(503, "the broker has no key for capability '" + capability + "'",
                    "ask the operator to provide the key the policy names for it");
        }
        ProxyRoute route = ProxyRoute.of(provider, capability, path, rawQuery, key);
        KeyRedactor redactor = new KeyRedactor(key);
        HttpRequest upstream = request(req, route, key, redactor);
        String method = req.method().name();
        return http.sendAsync(upstream, BoundedBody.handler(MAX_ANSWER))
                .handle((answer, failure) -> {
                    FullHttpResponse reply = failure == null ? relay(answer, redactor) : failed(failure, redactor);
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("capability", capability);
                    d.put("method", method);
                    d.put("status", reply.status().code());
                    d.put("host", route.target().getHost());
                    events.record(runId, "credential.used", d);
                    return reply;
                });
    }

    private static HttpRequest request(FullHttpRequest req, ProxyRoute route, String key, KeyRedactor redactor)
            throws Refusal {
        byte[] body = ByteBufUtil.getBytes(req.content());
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(route.target()).timeout(TIMEOUT).method(req.method().name(),
                    body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            String injected = switch (route.provider().inject()) {
                case CredentialPolicy.Bearer bearer -> {
                    b.header("Authorization", "Bearer " + key);
                    yield "authorization";
                }
                case CredentialPolicy.Header h -> {
                    b.header(h.name(), h.prefix() + key);
                    yield h.name();
                }
                case CredentialPolicy.Query q -> "";
            };
            ForwardedHeaders.toProvider(req.headers(), b, injected);
            // The answer must be scrubbed of the key, which a compressed body would hide.
            b.header("Accept-Encoding", "identity");
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "the request cannot be forwarded: " + redactor.redact(String.valueOf(e.getMessage())),
                    "use a standard method and headers");
        }
    }

    private static FullHttpResponse relay(HttpResponse<byte[]> answer, KeyRedactor redactor) {
        String encoding = answer.headers().firstValue("Content-Encoding").orElse("identity");
        if (!encoding.equalsIgnoreCase("identity")) {
            return Replies.error(502, "the provider answered with Content-Encoding " + redactor.redact(encoding)
                    + ", which the broker cannot check for the key", "have the provider answer uncompressed");
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(answer.statusCode()),
                Unpooled.wrappedBuffer(redactor.redact(answer.body())));
        ForwardedHeaders.toSkill(answer.headers(), r.headers(), redactor);
        return r;
    }

    private static FullHttpResponse failed(Throwable failure, KeyRedactor redactor) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return switch (cause) {
            case HttpTimeoutException t -> Replies.error(504, "the provider did not answer within "
                    + TIMEOUT.toSeconds() + " s", "retry later");
            case BoundedBody.TooLarge t -> Replies.error(502, t.getMessage(), "ask the provider for less at once");
            default -> Replies.error(502, "the provider cannot be reached: " + redactor.redact(cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage())), "retry later, or tell the operator");
        };
    }
}

package io.skillbox.gateway.egress;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.skillbox.gateway.egress.Denial.Reason;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a request decoded by Netty asks of the proxy: forward an {@code http://} request, open a CONNECT
 * tunnel, or nothing it will do. Only the request line and the Host header are read here; the checks of
 * the target itself are the {@link Gatekeeper}'s.
 */
sealed interface ProxyRequest {

    /**
     * @param request   the request to send upstream: origin-form, hop-by-hop headers removed
     * @param keepAlive whether the client wants its connection kept after the response
     */
    record Forward(Target target, HttpRequest request, boolean keepAlive) implements ProxyRequest {}

    record Connect(Target target) implements ProxyRequest {}

    record Refused(Denial denial) implements ProxyRequest {}

    /** Methods forwarded; TRACE is not, as it would echo the skill's headers back from wherever it lands. */
    Set<HttpMethod> FORWARDED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS);

    static ProxyRequest of(HttpRequest request, int headerBytes) {
        Target.Kind kind = HttpMethod.CONNECT.equals(request.method()) ? Target.Kind.CONNECT : Target.Kind.FORWARD;
        if (request.decoderResult().isFailure() || headerSize(request) > headerBytes) {
            return request.decoderResult().isFailure() && !(request.decoderResult().cause() instanceof TooLongFrameException)
                    ? refused(kind, "malformed request")
                    : new Refused(Denial.malformed(kind, Reason.LIMIT_HEADERS, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                            "request line and headers exceed " + headerBytes + " bytes"));
        }
        try {
            return kind == Target.Kind.CONNECT ? connect(request) : forward(request);
        } catch (IllegalArgumentException e) {
            return refused(kind, e.getMessage());
        }
    }

    private static ProxyRequest connect(HttpRequest request) {
        Authority authority = Authority.parse(request.uri(), 0);
        return new Connect(new Target(authority.host(), authority.port(), Target.Kind.CONNECT));
    }

    private static ProxyRequest forward(HttpRequest request) {
        String uri = request.uri();
        String scheme = uri.substring(0, Math.max(0, uri.indexOf("://"))).toLowerCase(Locale.ROOT);
        if (!FORWARDED.contains(request.method())) {
            throw new IllegalArgumentException("method " + request.method() + " is not supported");
        }
        if (scheme.equals("https")) {
            throw new IllegalArgumentException("send https:// requests through a CONNECT tunnel");
        }
        if (!scheme.equals("http")) {
            throw new IllegalArgumentException("this is a proxy: send an absolute http:// URI, or CONNECT for https");
        }
        String rest = uri.substring("http://".length());
        int end = firstOf(rest, "/?#");
        Authority authority = Authority.parse(rest.substring(0, end), 80);
        Target target = new Target(authority.host(), authority.port(), Target.Kind.FORWARD);
        HttpHeaders headers = request.headers();
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            throw new IllegalArgumentException("more than one Host header");
        }
        Authority host = hosts.isEmpty() ? authority : Authority.parse(hosts.getFirst(), 80);
        if (!host.equals(authority)) {
            return new Refused(Denial.of(target, Reason.HOST_MISMATCH, HttpResponseStatus.FORBIDDEN,
                    "the request is for " + target.authority() + " but its Host header names " + host));
        }
        String encoding = headers.get(HttpHeaderNames.TRANSFER_ENCODING);
        if (encoding != null && !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(encoding)) {
            throw new IllegalArgumentException("Transfer-Encoding other than chunked is not supported");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HopByHop.strip(headers);
        if (hosts.isEmpty()) {
            headers.set(HttpHeaderNames.HOST, rest.substring(0, end));
        }
        return new Forward(target, new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(),
                originForm(rest.substring(end)), headers), keepAlive);
    }

    /** {@code /path?query} from what follows the authority; a fragment is not sent. */
    private static String originForm(String pathAndQuery) {
        int hash = pathAndQuery.indexOf('#');
        String path = hash < 0 ? pathAndQuery : pathAndQuery.substring(0, hash);
        return path.startsWith("/") ? path : "/" + path;
    }

    private static int firstOf(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    /** The request line and headers as sent, give or take the spaces around header values. */
    private static int headerSize(HttpRequest request) {
        int size = request.method().name().length() + request.uri().length() + request.protocolVersion().text().length() + 4;
        for (Map.Entry<String, String> header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }

    private static Refused refused(Target.Kind kind, String detail) {
        return new Refused(Denial.malformed(kind, Reason.BAD_REQUEST, HttpResponseStatus.BAD_REQUEST, detail));
    }
}

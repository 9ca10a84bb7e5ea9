package io.skillbox.gateway.broker;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.skillbox.gateway.token.TokenClaims;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Routes one connection's requests to the broker's endpoints. Requests are served one at a time (reading
 * pauses while a provider answers), so pipelined answers cannot overtake each other.
 */
final class BrokerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final String PROXY = "/v1/proxy/";
    private static final String SCOPED = "/v1/tokens/scoped";
    private static final String REFRESH = "/v1/tokens/refresh";

    private final Gatekeeper gate;
    private final ProxyEndpoint proxy;
    private final TokenEndpoints tokens;
    private final Optional<String> listenerRun;

    BrokerHandler(Gatekeeper gate, ProxyEndpoint proxy, TokenEndpoints tokens, Optional<String> listenerRun) {
        this.gate = gate;
        this.proxy = proxy;
        this.tokens = tokens;
        this.listenerRun = listenerRun;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.decoderResult().isFailure()) {
            write(ctx, Replies.error(400, "malformed HTTP request", "send a valid HTTP/1.1 request"), false);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        CompletableFuture<FullHttpResponse> answer;
        try {
            answer = route(req);
        } catch (Refusal r) {
            answer = CompletableFuture.completedFuture(Replies.of(r));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((reply, failure) -> {
            write(ctx, failure == null ? reply : internalError(failure), keepAlive);
            ctx.channel().config().setAutoRead(true);
        });
    }

    /** A bug or a host failure; its message could quote anything, so only its type is told. */
    private static FullHttpResponse internalError(Throwable failure) {
        return Replies.error(500, "the broker failed (" + failure.getClass().getSimpleName() + ")",
                "retry, or tell the operator");
    }

    private CompletableFuture<FullHttpResponse> route(FullHttpRequest req) throws Refusal {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        String path = uri.rawPath();
        if (path.startsWith(PROXY)) {
            TokenClaims claims = gate.check(req.headers(), TokenClaims.Kind.SCOPED, listenerRun);
            return proxy.forward(req, path.substring(PROXY.length()), uri.rawQuery(), claims);
        }
        if (!path.equals(SCOPED) && !path.equals(REFRESH)) {
            throw new Refusal(404, "no such endpoint: " + path,
                    "call /v1/proxy/<capability>/<path>, POST " + SCOPED + " or POST " + REFRESH);
        }
        if (!req.method().equals(HttpMethod.POST)) {
            throw new Refusal(405, path + " takes POST only", "send POST " + path);
        }
        return CompletableFuture.completedFuture(Replies.json(200,
                path.equals(SCOPED) ? tokens.scoped(req, listenerRun) : tokens.refresh(req, listenerRun)));
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse reply, boolean keepAlive) {
        HttpUtil.setContentLength(reply, reply.content().readableBytes());
        if (keepAlive) {
            reply.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(reply);
        } else {
            reply.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

package io.skillbox.gateway.egress;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.util.ReferenceCountUtil;
import io.skillbox.gateway.egress.Denial.Reason;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * The skill's end of one connection: takes each proxy request, has the {@link Gatekeeper} and the run's
 * budget pass it, then hands it to the connection's {@link Forwarder} or turns the connection into a
 * {@link Tunnel}. Reading stops (auto-read off, {@link FlowControlHandler} holding what was decoded
 * already) from the moment a request arrives until the proxy is ready for its body, and again from the end
 * of its body until the end of its response: one request at a time, however the client pipelines.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final RunScope run;
    private Forwarder forwarder;

    ClientHandler(RunScope run) {
        this.run = run;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        forwarder = new Forwarder(ctx.channel(), run.upstreams());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                onRequest(ctx, request);
            } else if (msg instanceof HttpContent content) {
                forwarder.body(content.retain());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        ctx.channel().config().setAutoRead(false);
        switch (ProxyRequest.of(request, run.headerBytes())) {
            case ProxyRequest.Refused(Denial denial) -> refuse(ctx, denial);
            case ProxyRequest.Connect(Target target) -> {
                // What follows a CONNECT is the tunnel's first bytes (a TLS hello), not HTTP: stop decoding now.
                ctx.pipeline().get(HttpServerCodec.class).removeInboundHandler();
                forwarder.close(); // an upstream kept from earlier requests on this connection is done with
                check(ctx, target, pass -> {
                    if (takeConnection(ctx, pass)) {
                        run.ledger().allowed(target, pass.address());
                        Tunnel.open(ctx, run, pass.socketAddress());
                    }
                });
            }
            case ProxyRequest.Forward forward -> check(ctx, forward.target(), pass -> {
                InetSocketAddress address = pass.socketAddress();
                if (forwarder.connectedTo(address) || takeConnection(ctx, pass)) {
                    run.ledger().allowed(forward.target(), pass.address());
                    forwarder.send(forward, address);
                }
            });
        }
    }

    /** Runs the gatekeeper's checks and continues on this connection's event loop with a pass. */
    private void check(ChannelHandlerContext ctx, Target target, Consumer<Verdict.Pass> onPass) {
        run.gatekeeper().check(target).whenComplete((verdict, failure) -> {
            Verdict v = failure == null ? verdict : Denial.of(target, Reason.RESOLVE_FAILED,
                    HttpResponseStatus.BAD_GATEWAY, "cannot resolve " + target.host() + ": " + failure.getMessage());
            // Checks without a lookup complete at once, here on the event loop; lookups complete elsewhere.
            if (ctx.executor().inEventLoop()) {
                decided(ctx, v, onPass);
            } else {
                ctx.executor().execute(() -> decided(ctx, v, onPass));
            }
        });
    }

    private void decided(ChannelHandlerContext ctx, Verdict verdict, Consumer<Verdict.Pass> onPass) {
        if (!ctx.channel().isActive()) {
            return;
        }
        switch (verdict) {
            case Denial denial -> refuse(ctx, denial);
            case Verdict.Pass pass -> onPass.accept(pass);
        }
    }

    /** Takes a connection from the run's budget, or refuses the request once it is spent. */
    private boolean takeConnection(ChannelHandlerContext ctx, Verdict.Pass pass) {
        if (run.ledger().takeConnection()) {
            return true;
        }
        refuse(ctx, Denial.of(pass.target(), Reason.LIMIT_CONNECTIONS, HttpResponseStatus.TOO_MANY_REQUESTS,
                "the run has used all " + run.ledger().limits().connections() + " connections it may open"));
        return false;
    }

    private void refuse(ChannelHandlerContext ctx, Denial denial) {
        run.ledger().denied(denial);
        Responses.error(ctx.channel(), denial);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        forwarder.clientWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        forwarder.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

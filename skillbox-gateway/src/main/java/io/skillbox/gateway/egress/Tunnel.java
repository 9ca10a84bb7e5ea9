package io.skillbox.gateway.egress;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.flow.FlowControlHandler;
import java.net.InetSocketAddress;

/**
 * Turns a client connection whose CONNECT passed into a raw byte relay to the checked address: connect,
 * answer {@code 200 Connection established}, drop the HTTP handlers and relay both ways. Bytes the client
 * sent right after its CONNECT, held since, go first.
 */
final class Tunnel {
    private Tunnel() {}

    /** @param ctx the {@link ClientHandler}'s context, whose HTTP decoder is already gone */
    static void open(ChannelHandlerContext ctx, RunScope run, InetSocketAddress address) {
        Channel client = ctx.channel();
        ChannelFuture connecting = run.upstreams().connect(client.eventLoop(), address, false,
                () -> new ChannelHandler[] {new Relay(client)});
        connecting.addListener(done -> {
            if (!client.isActive()) {
                connecting.channel().close();
            } else if (done.isSuccess()) {
                relay(ctx, connecting.channel());
            } else {
                Responses.error(client, HttpResponseStatus.BAD_GATEWAY, "skillbox egress: cannot connect to "
                        + address.getAddress().getHostAddress() + " port " + address.getPort());
            }
        });
    }

    private static void relay(ChannelHandlerContext ctx, Channel upstream) {
        Channel client = ctx.channel();
        ChannelPipeline pipeline = client.pipeline();
        client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, Responses.CONNECTION_ESTABLISHED));
        pipeline.addLast(new Relay(upstream));
        pipeline.remove(HttpServerCodec.class);
        pipeline.remove(ctx.handler());
        pipeline.remove(FlowControlHandler.class); // hands what it held to the relay
        client.config().setAutoRead(true);
        upstream.config().setAutoRead(true);
    }
}

package io.skillbox.gateway.egress;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * Counts the bytes between the skill and the proxy, both ways, against the run's budget; first in the
 * client pipeline, so it sees the wire. Once the budget is spent nothing more passes, on any of the run's
 * connections, while they are being closed.
 */
final class ByteMeter extends ChannelDuplexHandler {
    private final RunScope run;

    ByteMeter(RunScope run) {
        this.run = run;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf && !count(ctx, buf.readableBytes())) {
            buf.release();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf && !count(ctx, buf.readableBytes())) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        ctx.write(msg, promise);
    }

    /** Whether the bytes may pass. */
    private boolean count(ChannelHandlerContext ctx, int bytes) {
        if (run.ledger().addBytes(bytes)) {
            // The HTTP codec is gone once a connection became a tunnel.
            boolean tunnel = ctx.pipeline().get(HttpServerCodec.class) == null;
            run.bytesExceeded(tunnel ? Target.Kind.CONNECT : Target.Kind.FORWARD);
        }
        return !run.ledger().bytesSpent();
    }
}

package io.skillbox.gateway.egress;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;

/**
 * The pipeline of each connection the skill opens to the proxy: bytes counted first, then Netty's HTTP
 * codec with the run's header limit, then a {@link FlowControlHandler} so that pausing reads also holds
 * back requests already decoded, then the proxy's {@link ClientHandler}.
 */
final class ClientPipeline extends ChannelInitializer<SocketChannel> {
    private final RunScope run;

    ClientPipeline(RunScope run) {
        this.run = run;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        if (!run.channels().track(channel) || run.ledger().bytesSpent()) {
            channel.close();
            return;
        }
        channel.pipeline().addLast(
                new ByteMeter(run),
                new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(run.headerBytes())
                        .setMaxHeaderSize(run.headerBytes())
                        .setMaxChunkSize(64 * 1024)),
                new FlowControlHandler(),
                new ClientHandler(run));
    }
}

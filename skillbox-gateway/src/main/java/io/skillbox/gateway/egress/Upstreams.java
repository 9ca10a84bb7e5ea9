package io.skillbox.gateway.egress;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Opens upstream connections: to the checked address only (Netty's resolver is switched off, so nothing
 * resolves a name again), on the client's event loop (both sides of a relay on one thread), tracked with
 * the run's channels, giving up after {@link #CONNECT_TIMEOUT_MILLIS}.
 */
final class Upstreams {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Wider than Netty's 32/64 KiB default: a relay stops reading when its peer is not writable. */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(128 * 1024, 512 * 1024);
    /** Reads grow to 512 KiB under bulk transfers (Netty's default stops at 64 KiB): fewer system calls per byte. */
    static final AdaptiveRecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(512, 64 * 1024, 512 * 1024);

    private final Channels channels;

    Upstreams(Channels channels) {
        this.channels = channels;
    }

    /**
     * @param autoRead whether to read as soon as connected (a tunnel waits until the client is ready)
     * @param handlers the upstream pipeline, made fresh for this connection
     */
    ChannelFuture connect(EventLoop loop, InetSocketAddress address, boolean autoRead, Supplier<ChannelHandler[]> handlers) {
        return new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.AUTO_READ, autoRead)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .option(ChannelOption.RECVBUF_ALLOCATOR, READS)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (channels.track(channel)) {
                            channel.pipeline().addLast(handlers.get());
                        }
                    }
                })
                .connect(address);
    }
}

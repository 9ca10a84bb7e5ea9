package io.skillbox.gateway.egress;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Every channel of one run (its listener, the skill's connections, the upstream connections), so that
 * ending the run or exceeding its byte budget reaches all of them, including those being opened while it
 * happens.
 */
final class Channels {
    private final ChannelGroup group = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile boolean closed;

    /** Adds a channel; false (and the channel closed) when the run is over. */
    boolean track(Channel channel) {
        group.add(channel);
        if (closed) {
            channel.close();
            return false;
        }
        return true;
    }

    /** Closes every connection but keeps the listener, which then closes what it accepts. */
    void closeConnections() {
        group.close(ChannelMatchers.isNotInstanceOf(ServerChannel.class));
    }

    /** Closes everything and waits until all of it is closed; not from an I/O thread. */
    void closeAll() {
        closed = true;
        while (!group.isEmpty()) {
            group.close().awaitUninterruptibly();
        }
    }
}

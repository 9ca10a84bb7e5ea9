package io.skillbox.gateway.egress;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;

/**
 * Relays the forward requests of one client connection, one exchange at a time, streaming bodies both
 * ways without aggregating them: the side that reads stops while the side it writes to is not writable.
 * The upstream connection is kept between requests to the same address and replaced for another one.
 * Runs on the client's event loop only, which is also the upstream's.
 */
final class Forwarder {
    private final Channel client;
    private final Upstreams upstreams;
    private Channel upstream;
    private InetSocketAddress upstreamAddress;
    /** The exchange in progress; null between requests. */
    private Exchange exchange;

    private static final class Exchange {
        private final HttpMethod method;
        private boolean clientKeepAlive;
        private boolean upstreamReusable = true;
        private boolean requestDone;
        private boolean responseStarted;
        private boolean responseDone;
        /** A 1xx response is being relayed; the final one follows. */
        private boolean interim;

        Exchange(HttpMethod method, boolean clientKeepAlive) {
            this.method = method;
            this.clientKeepAlive = clientKeepAlive;
        }
    }

    Forwarder(Channel client, Upstreams upstreams) {
        this.client = client;
        this.upstreams = upstreams;
    }

    /** Whether a request to this address can go over the current upstream connection (no new connection). */
    boolean connectedTo(InetSocketAddress address) {
        return upstream != null && upstream.isActive() && address.equals(upstreamAddress);
    }

    /** Sends a checked request to the checked address; its body follows through {@link #body}. */
    void send(ProxyRequest.Forward forward, InetSocketAddress address) {
        exchange = new Exchange(forward.request().method(), forward.keepAlive());
        if (connectedTo(address)) {
            start(forward);
            return;
        }
        closeUpstream();
        ChannelFuture connecting = upstreams.connect(client.eventLoop(), address, true,
                () -> new ChannelHandler[] {codec(), new Origin()});
        upstream = connecting.channel();
        upstreamAddress = address;
        connecting.addListener(done -> {
            if (connecting.channel() != upstream) {
                return;
            }
            if (done.isSuccess()) {
                start(forward);
            } else {
                fail("cannot connect to " + forward.target().authority() + ": " + why(done.cause()));
            }
        });
    }

    private void start(ProxyRequest.Forward forward) {
        upstream.writeAndFlush(forward.request());
        client.config().setAutoRead(upstream.isWritable());
    }

    /** One piece of the current request's body; owns it. */
    void body(HttpContent content) {
        if (exchange == null || exchange.requestDone || upstream == null) {
            content.release();
            return;
        }
        if (content.decoderResult().isFailure()) {
            content.release();
            closeUpstream();
            client.close();
            return;
        }
        upstream.writeAndFlush(content);
        if (content instanceof LastHttpContent) {
            exchange.requestDone = true;
            client.config().setAutoRead(false);
            finishIfDone();
        } else if (!upstream.isWritable()) {
            client.config().setAutoRead(false);
        }
    }

    void clientWritabilityChanged() {
        if (upstream != null) {
            upstream.config().setAutoRead(client.isWritable());
        }
    }

    /** The client connection is gone. */
    void close() {
        closeUpstream();
    }

    private void response(Channel from, HttpObject msg) {
        if (from != upstream || exchange == null || exchange.responseDone) {
            // Nothing was asked: an upstream that talks anyway is not reused.
            ReferenceCountUtil.release(msg);
            from.close();
            return;
        }
        if (msg.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            fail("the upstream's response is malformed");
            return;
        }
        if (msg instanceof HttpResponse head && head.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            ReferenceCountUtil.release(msg);
            fail("the upstream switched protocols, which the proxy does not relay");
            return;
        }
        if (msg instanceof HttpResponse head) {
            prepare(head);
        }
        client.write(msg);
        if (msg instanceof LastHttpContent) {
            endOfMessage();
        }
    }

    private void prepare(HttpResponse head) {
        exchange.interim = head.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (!exchange.interim) {
            exchange.upstreamReusable = HttpUtil.isKeepAlive(head);
            exchange.clientKeepAlive &= delimited(head);
        }
        HopByHop.strip(head.headers());
        head.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!exchange.interim && !exchange.clientKeepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        exchange.responseStarted = true;
    }

    /** Whether the client can tell where the body ends without the connection closing. */
    private boolean delimited(HttpResponse head) {
        int code = head.status().code();
        return HttpMethod.HEAD.equals(exchange.method) || code == 204 || code == 304
                || HttpUtil.isContentLengthSet(head) || HttpUtil.isTransferEncodingChunked(head);
    }

    private void endOfMessage() {
        client.flush();
        if (exchange.interim) {
            exchange.interim = false;
            return;
        }
        exchange.responseDone = true;
        finishIfDone();
    }

    private void finishIfDone() {
        Exchange done = exchange;
        if (!done.responseDone) {
            return;
        }
        if (!done.requestDone) {
            // Answered before the request ended: neither connection can tell where the next message starts.
            closeUpstream();
            closeClientAfterFlush();
            return;
        }
        exchange = null;
        if (!done.upstreamReusable) {
            closeUpstream();
        }
        if (done.clientKeepAlive) {
            client.config().setAutoRead(true); // last: the next request may be delivered right here
        } else {
            closeClientAfterFlush();
        }
    }

    private void upstreamClosed(Channel from) {
        if (from != upstream) {
            return;
        }
        upstream = null;
        upstreamAddress = null;
        if (exchange != null) {
            fail("the upstream closed the connection before the response ended");
        }
    }

    /** Ends the exchange with a 502, or, once the response has begun, by closing the client connection. */
    private void fail(String why) {
        boolean started = exchange != null && exchange.responseStarted;
        exchange = null;
        closeUpstream();
        if (started) {
            client.close();
        } else {
            Responses.error(client, HttpResponseStatus.BAD_GATEWAY, "skillbox egress: " + why);
        }
    }

    private void closeUpstream() {
        if (upstream != null) {
            Channel closing = upstream;
            upstream = null;
            upstreamAddress = null;
            closing.close();
        }
    }

    private void closeClientAfterFlush() {
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private static String why(Throwable cause) {
        return cause instanceof ConnectTimeoutException
                ? "no answer within " + Upstreams.CONNECT_TIMEOUT_MILLIS / 1000 + " s"
                : String.valueOf(cause.getMessage());
    }

    private static HttpClientCodec codec() {
        return new HttpClientCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(64 * 1024)
                .setMaxChunkSize(512 * 1024), false, false); // whole reads, not 8 KiB slices
    }

    /** The upstream end: relays what the upstream sends to the client. */
    private final class Origin extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            response(ctx.channel(), (HttpObject) msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            client.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel() == upstream && exchange != null && !exchange.requestDone) {
                client.config().setAutoRead(upstream.isWritable());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            upstreamClosed(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

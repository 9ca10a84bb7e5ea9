package io.skillbox.gateway.broker;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.skillbox.core.json.Json;
import tools.jackson.databind.node.ObjectNode;

/** The broker's own answers: JSON bodies, errors as {@code {"error": ..., "fix": ...}}. */
final class Replies {
    private Replies() {}

    static FullHttpResponse json(int status, ObjectNode body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(Json.json().writeValueAsBytes(body)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return r;
    }

    static FullHttpResponse error(int status, String error, String fix) {
        return json(status, Json.json().createObjectNode().put("error", error).put("fix", fix));
    }

    static FullHttpResponse of(Refusal r) {
        return error(r.status(), r.error(), r.fix());
    }
}

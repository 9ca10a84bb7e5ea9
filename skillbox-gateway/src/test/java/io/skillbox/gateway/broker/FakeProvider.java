package io.skillbox.gateway.broker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A provider API on 127.0.0.1 that records every request it gets and answers as the test says. */
final class FakeProvider implements AutoCloseable {

    /** One request as the provider saw it; header names as the JDK server normalises them ({@code X-api-key}). */
    record Seen(String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
        }
    }

    /** What the provider answers. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer ok() {
            return new Answer(200, Map.of("Content-Type", "application/json"), "{\"ok\":true}");
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    volatile Function<Seen, Answer> answer = s -> Answer.ok();
    private final HttpServer server;

    FakeProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL a policy names: {@code http://127.0.0.1:PORT/api/}. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
    }

    private void handle(HttpExchange ex) throws IOException {
        Seen s = new Seen(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()), new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        seen.add(s);
        Answer a = answer.apply(s);
        a.headers().forEach(ex.getResponseHeaders()::add);
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.skillbox.gateway.egress;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on a loopback address, as the upstream of proxied requests. It records what each
 * request looked like on arrival: {@code GET /hello} (a short text naming the server), {@code POST /echo}
 * (the body back), {@code GET /bytes?n=N} (N bytes of a known pattern).
 */
final class HttpOrigin implements AutoCloseable {

    /** What arrived: the request target as sent (origin-form expected) and the headers. */
    record Seen(String method, String target, Headers headers) {}

    private final HttpServer server;
    private final String name;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    HttpOrigin(String address, String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    static byte pattern(long index) {
        return (byte) (index * 31 + 7);
    }

    private void handle(HttpExchange exchange) throws IOException {
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), exchange.getRequestHeaders()));
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            switch (path) {
                case "/echo" -> {
                    exchange.sendResponseHeaders(200, requestBody.length == 0 ? -1 : requestBody.length);
                    out.write(requestBody);
                }
                case "/bytes" -> {
                    long n = Long.parseLong(exchange.getRequestURI().getQuery().substring("n=".length()));
                    exchange.sendResponseHeaders(200, n);
                    byte[] block = new byte[64 * 1024];
                    for (long sent = 0; sent < n; sent += block.length) {
                        int len = (int) Math.min(block.length, n - sent);
                        for (int i = 0; i < len; i++) {
                            block[i] = pattern(sent + i);
                        }
                        out.write(block, 0, len);
                    }
                }
                default -> {
                    byte[] body = ("hello from " + name).getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    out.write(body);
                }
            }
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Seen> seen() {
        return seen;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

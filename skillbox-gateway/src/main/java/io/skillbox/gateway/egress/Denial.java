package io.skillbox.gateway.egress;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Optional;

/**
 * Why the proxy refused a request, and what the client is told.
 *
 * @param target what was asked for, when the request got that far
 * @param kind   forward or connect, known from the method even when the target is not
 * @param reason why, as the {@code network.denied} event and the violations name it
 * @param status the HTTP status the client gets
 * @param detail one line for the client, the event and the violation; never a header or a body
 */
record Denial(Optional<Target> target, Target.Kind kind, Reason reason, HttpResponseStatus status, String detail)
        implements Verdict {

    /**
     * Each reason with its name in events and the manifest or policy field a violation names (empty: the
     * request was broken, not outside the contract).
     */
    enum Reason {
        NOT_ALLOWLISTED("not-allowlisted", "network.hosts"),
        BLOCKED_ADDRESS("blocked-address", "network.hosts"),
        HOST_MISMATCH("host-mismatch", "network.hosts"),
        RESOLVE_FAILED("resolve-failed", null),
        LIMIT_CONNECTIONS("limit-connections", "network.limits"),
        LIMIT_BYTES("limit-bytes", "network.limits"),
        /** A malformed request to the client (so {@code bad-request}), a limit hit to the operator. */
        LIMIT_HEADERS("bad-request", "network.limits"),
        BAD_REQUEST("bad-request", null);

        private final String wire;
        private final String field;

        Reason(String wire, String field) {
            this.wire = wire;
            this.field = field;
        }

        String wire() {
            return wire;
        }

        Optional<String> violationField() {
            return Optional.ofNullable(field);
        }
    }

    static Denial of(Target target, Reason reason, HttpResponseStatus status, String detail) {
        return new Denial(Optional.of(target), target.kind(), reason, status, detail);
    }

    static Denial malformed(Target.Kind kind, Reason reason, HttpResponseStatus status, String detail) {
        return new Denial(Optional.empty(), kind, reason, status, detail);
    }

    /** The one-line text body of the refusal. */
    String body() {
        return "skillbox egress: " + detail;
    }
}

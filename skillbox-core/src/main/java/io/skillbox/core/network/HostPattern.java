package io.skillbox.core.network;

import java.util.Objects;

/**
 * One {@code name:port} allowlist entry. The name is exact (a DNS name, a dotted-quad IPv4 or a bracketed
 * IPv6 literal; compared case-insensitively), {@code *.suffix} (every name below the suffix at any depth,
 * never the suffix itself, never an address: a suffix may not end in a number) or {@code *} (every host,
 * addresses included; meant for
 * policies, whose ceilings must {@link #covers cover} each manifest pattern). The port is a number.
 */
public final class HostPattern {

    private enum Kind { EXACT, SUFFIX, ANY }

    private final Kind kind;
    /** The canonical name; for SUFFIX the suffix with its leading dot ({@code .example.com}). */
    private final String name;
    private final int port;

    private HostPattern(Kind kind, String name, int port) {
        this.kind = kind;
        this.name = name;
        this.port = port;
    }

    /** @throws IllegalArgumentException saying what is wrong with the pattern */
    public static HostPattern parse(String pattern) {
        int colon = pattern.lastIndexOf(':');
        if (colon <= 0 || pattern.endsWith("]")) {
            throw new IllegalArgumentException("'" + pattern + "' is not name:port");
        }
        int port = port(pattern, pattern.substring(colon + 1));
        String name = pattern.substring(0, colon);
        if (name.equals("*")) {
            return new HostPattern(Kind.ANY, "*", port);
        }
        try {
            if (name.startsWith("*.")) {
                String suffix = HostNames.canonical(name.substring(2));
                if (HostNames.literal(suffix).isPresent()) {
                    throw new IllegalArgumentException("an address has no subdomains");
                }
                return new HostPattern(Kind.SUFFIX, "." + suffix, port);
            }
            return new HostPattern(Kind.EXACT, HostNames.canonical(name), port);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + pattern + "': " + e.getMessage()
                    + "; a name is exact (api.example.com, 192.0.2.1, [2001:db8::1]), *.suffix or *", e);
        }
    }

    /** Whether a request for {@code host:port} is let through; a host that is not a valid host never is. */
    public boolean matches(String host, int port) {
        if (port != this.port) {
            return false;
        }
        String canonical;
        try {
            canonical = HostNames.canonical(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return switch (kind) {
            case ANY -> true;
            case EXACT -> canonical.equals(name);
            case SUFFIX -> canonical.endsWith(name);
        };
    }

    /** Whether every {@code host:port} the narrower pattern matches, this one matches too. */
    public boolean covers(HostPattern narrower) {
        if (narrower.port != port) {
            return false;
        }
        return switch (kind) {
            case ANY -> true;
            case EXACT -> narrower.kind == Kind.EXACT && narrower.name.equals(name);
            case SUFFIX -> switch (narrower.kind) {
                case ANY -> false;
                case EXACT -> narrower.name.endsWith(name);
                case SUFFIX -> narrower.name.endsWith(name);
            };
        };
    }

    private static int port(String pattern, String digits) {
        if (!digits.matches("[0-9]{1,5}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
            throw new IllegalArgumentException("'" + pattern + "': the port must be a number from 1 to 65535");
        }
        return Integer.parseInt(digits);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HostPattern p && p.kind == kind && p.name.equals(name) && p.port == port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, port);
    }

    /** The pattern in canonical form, e.g. {@code *.example.com:443}. */
    @Override
    public String toString() {
        return (kind == Kind.SUFFIX ? "*" : "") + name + ":" + port;
    }
}

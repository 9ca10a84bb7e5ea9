package io.skillbox.core.network;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code name:port} allowlist entry. The name is exact (a DNS name, an IPv4 literal or a bracketed
 * IPv6 literal; compared case-insensitively), {@code *.suffix} (every name below the suffix at any depth,
 * never the suffix itself) or {@code *} (every name; meant for policies). The port is a number.
 */
public record HostPattern(String name, int port) {
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+\\]");

    public HostPattern {
        name = name.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code name:port}; the exception's message says what is wrong. */
    public static HostPattern parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not name:port");
        }
        String name = text.substring(0, colon).toLowerCase(Locale.ROOT);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the port must be a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port " + port + " is outside 1..65535");
        }
        String bare = name.startsWith("*.") ? name.substring(2) : name;
        if (!name.equals("*") && !(IPV6.matcher(name).matches() || DNS_NAME.matcher(bare).matches() && bare.length() <= 253)) {
            throw new IllegalArgumentException("'" + text + "': the name must be exact (api.example.com, 192.0.2.1, [2001:db8::1]), "
                    + "*.suffix or *");
        }
        return new HostPattern(name, port);
    }

    /** Whether a request for {@code host:port} (host as the client wrote it, IPv6 in brackets) matches. */
    public boolean matches(String host, int requestPort) {
        if (requestPort != port) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // the root label: example.com. is example.com
        }
        if (name.equals("*")) {
            return true;
        }
        if (name.startsWith("*.")) {
            return h.endsWith(name.substring(1)) && h.length() > name.length() - 1;
        }
        return h.equals(name);
    }

    /** Whether every {@code host:port} the narrower pattern matches, this one matches too. */
    public boolean covers(HostPattern narrower) {
        if (narrower.port != port) {
            return false;
        }
        if (name.equals("*")) {
            return true;
        }
        if (narrower.name.equals("*")) {
            return false;
        }
        if (name.startsWith("*.")) {
            String suffix = name.substring(1);
            String other = narrower.name.startsWith("*.") ? narrower.name.substring(1) : "." + narrower.name;
            return other.endsWith(suffix) && (narrower.name.startsWith("*.") ? other.length() >= suffix.length()
                    : other.length() > suffix.length());
        }
        return name.equals(narrower.name);
    }

    @Override
    public String toString() {
        return name + ":" + port;
    }
}

package io.skillbox.core.network;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One spelling per host, so that patterns and requests compare as text: lower case, no root dot, IPv4 in
 * dotted quads and IPv6 in brackets in Java's full form. Names whose last label is all digits but that are
 * not a dotted quad ({@code 127.1}, {@code 2130706433}, {@code 0x7f.1}) are refused: resolvers read them as
 * addresses in ways that differ from one library to the next, and no real name ends in a number.
 */
public final class HostNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+\\]");

    private HostNames() {}

    /**
     * The canonical spelling of a DNS name, dotted-quad IPv4 or bracketed IPv6 literal.
     *
     * @throws IllegalArgumentException saying why the text is not a host
     */
    public static String canonical(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (IPV6.matcher(h).matches()) {
            return "[" + ipv6(host, h.substring(1, h.length() - 1)) + "]";
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (isDottedQuad(h)) {
            return h;
        }
        if (h.isEmpty() || h.length() > 253) {
            throw new IllegalArgumentException("'" + host + "' is not a host name");
        }
        String[] labels = h.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("'" + host + "' is not a host name (bad label '" + label + "')");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + host + "' is neither a dotted-quad IPv4 address nor a name");
        }
        return h;
    }

    /** Whether the text is an IPv4 address in the one unambiguous form: four decimal parts, no leading zeros. */
    public static boolean isDottedQuad(String text) {
        return DOTTED_QUAD.matcher(text).matches();
    }

    /** The address a canonical host spells, or empty for a name. */
    public static Optional<InetAddress> literal(String canonicalHost) {
        if (canonicalHost.startsWith("[")) {
            return Optional.of(InetAddress.ofLiteral(canonicalHost.substring(1, canonicalHost.length() - 1)));
        }
        if (isDottedQuad(canonicalHost)) {
            return Optional.of(InetAddress.ofLiteral(canonicalHost));
        }
        return Optional.empty();
    }

    private static String ipv6(String host, String literal) {
        InetAddress address;
        try {
            address = Inet6Address.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv6 address", e);
        }
        // Java hands back an IPv4-mapped literal as its IPv4 address; keep it recognisably mapped.
        return address instanceof Inet4Address ? "::ffff:" + address.getHostAddress() : address.getHostAddress();
    }
}

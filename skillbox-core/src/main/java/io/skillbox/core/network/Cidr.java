package io.skillbox.core.network;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/** One address range, {@code address/prefix}; IPv4 and IPv6 ranges never contain each other's addresses. */
public record Cidr(byte[] network, int prefix) {

    /**
     * Parses {@code a.b.c.d/n}, {@code v6::addr/n} or a bare address (one address). What could be read
     * two ways is refused rather than guessed at: host bits beyond the prefix ({@code 10.0.0.1/8}), IPv4
     * in other forms than four decimal parts ({@code 010.0.0.1}, {@code 127.1}).
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        byte[] address = literalBytes(text, literal);
        int bits = address.length * 8;
        int prefix = slash < 0 ? bits : prefixOf(text, text.substring(slash + 1), bits);
        Cidr cidr = new Cidr(address, prefix);
        if (!Arrays.equals(cidr.masked(address), address)) {
            throw new IllegalArgumentException("'" + text + "' has bits set beyond its /" + prefix + " prefix");
        }
        return cidr;
    }

    /** Whether the address (4 or 16 bytes) lies in this range. */
    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(masked(address), network);
    }

    private byte[] masked(byte[] address) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.clamp(prefix - i * 8L, 0, 8);
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    private static byte[] literalBytes(String text, String literal) {
        boolean ipv6 = literal.contains(":");
        if (ipv6 ? !literal.matches("[0-9a-fA-F:.]+") : !HostNames.isDottedQuad(literal)) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address or range");
        }
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address or range", e);
        }
        if (address instanceof Inet4Address && ipv6) {
            throw new IllegalArgumentException("'" + text + "' is an IPv4-mapped address; write it as IPv4");
        }
        return address.getAddress();
    }

    private static int prefixOf(String text, String digits, int bits) {
        if (!digits.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("'" + text + "': the prefix must be a number from 0 to " + bits);
        }
        if (Integer.parseInt(digits) > bits) {
            throw new IllegalArgumentException("'" + text + "': the prefix is longer than " + bits + " bits");
        }
        return Integer.parseInt(digits);
    }
}

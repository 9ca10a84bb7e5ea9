package io.skillbox.core.network;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The operator's exemptions from {@link AddressGuard}: CIDR ranges the proxy may reach although they are
 * loopback, private or otherwise special (e.g. {@code 127.0.0.1/32} for a provider running on the host).
 * An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is the IPv4 address it maps, so it is in a range
 * exactly when that IPv4 address is.
 */
public final class AddressRanges {

    /** No exemptions. */
    public static final AddressRanges NONE = new AddressRanges(List.of());

    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final List<Cidr> ranges;

    private AddressRanges(List<Cidr> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * @param cidrs {@code a.b.c.d/n}, {@code v6::addr/n} or bare addresses
     * @throws IllegalArgumentException naming the entry that is not a range
     */
    public static AddressRanges parse(List<String> cidrs) {
        return new AddressRanges(cidrs.stream().map(Cidr::parse).toList());
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = canonicalBytes(address);
        return ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    /** The address's bytes, with an IPv4-mapped IPv6 address reduced to the 4 bytes it maps. */
    public static byte[] canonicalBytes(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && Arrays.equals(bytes, 0, 12, MAPPED_PREFIX, 0, 12)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }
}

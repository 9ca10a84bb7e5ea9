package io.skillbox.gateway.egress;

import io.skillbox.core.network.AddressRanges;
import io.skillbox.core.network.Cidr;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether the proxy may connect to an address. A name on the allowlist proves nothing about where
 * it points: its owner (or an attacker who controls its DNS) can make it resolve to the host's loopback,
 * the private network or the cloud metadata service. So every address is checked against the special
 * ranges of IANA's registries, and refused unless the operator exempted it. IPv6 forms that carry an IPv4
 * address (IPv4-mapped, NAT64, 6to4) are judged by that IPv4 address.
 */
public final class AddressGuard {

    private record Rule(Cidr range, String label) {
        static Rule of(String cidr, String label) {
            return new Rule(Cidr.parse(cidr), label);
        }
    }

    /** How an IPv6 prefix embeds an IPv4 address: at which byte it starts. */
    private record Embedding(Cidr range, int offset, String label) {
        static Embedding of(String cidr, int offset, String label) {
            return new Embedding(Cidr.parse(cidr), offset, label);
        }
    }

    /** Most specific first: the first match names the refusal. */
    private static final List<Rule> IPV4 = List.of(
            Rule.of("169.254.169.254/32", "cloud metadata"),
            Rule.of("0.0.0.0/8", "unspecified"),
            Rule.of("127.0.0.0/8", "loopback"),
            Rule.of("10.0.0.0/8", "private (RFC 1918)"),
            Rule.of("172.16.0.0/12", "private (RFC 1918)"),
            Rule.of("192.168.0.0/16", "private (RFC 1918)"),
            Rule.of("100.64.0.0/10", "carrier-grade NAT"),
            Rule.of("169.254.0.0/16", "link-local"),
            Rule.of("192.0.0.0/24", "reserved"),
            Rule.of("198.18.0.0/15", "reserved"),
            Rule.of("224.0.0.0/4", "multicast"),
            Rule.of("240.0.0.0/4", "reserved"));

    private static final List<Embedding> EMBEDDINGS = List.of(
            Embedding.of("64:ff9b::/96", 12, "NAT64"),
            Embedding.of("2002::/16", 2, "6to4"));

    private static final List<Rule> IPV6 = List.of(
            Rule.of("::/128", "unspecified"),
            Rule.of("::1/128", "loopback"),
            Rule.of("fd00:ec2::254/128", "cloud metadata"),
            Rule.of("::/96", "reserved"),
            Rule.of("64:ff9b:1::/48", "reserved"),
            Rule.of("100::/64", "reserved"),
            Rule.of("2001::/32", "reserved"),
            Rule.of("fc00::/7", "unique local (ULA)"),
            Rule.of("fe80::/10", "link-local"),
            Rule.of("fec0::/10", "site-local"),
            Rule.of("ff00::/8", "multicast"));

    private final AddressRanges allowed;

    /** @param allowed the operator's exemptions; {@link AddressRanges#NONE} for none */
    public AddressGuard(AddressRanges allowed) {
        this.allowed = allowed;
    }

    /** Why the proxy must not connect to the address, e.g. {@code loopback}; empty when it may. */
    public Optional<String> refusal(InetAddress address) {
        if (allowed.contains(address)) {
            return Optional.empty();
        }
        byte[] bytes = AddressRanges.canonicalBytes(address);
        if (bytes.length == 4) {
            return match(IPV4, bytes);
        }
        for (Embedding embedding : EMBEDDINGS) {
            if (embedding.range.contains(bytes)) {
                byte[] ipv4 = Arrays.copyOfRange(bytes, embedding.offset, embedding.offset + 4);
                return match(IPV4, ipv4).map(label -> label + " (in " + embedding.label + ")");
            }
        }
        return match(IPV6, bytes);
    }

    private static Optional<String> match(List<Rule> rules, byte[] bytes) {
        return rules.stream().filter(rule -> rule.range.contains(bytes)).map(Rule::label).findFirst();
    }
}

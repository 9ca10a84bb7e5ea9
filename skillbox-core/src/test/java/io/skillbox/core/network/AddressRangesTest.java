package io.skillbox.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangesTest {

    @Test
    void containsAddressesOfItsRangesOnly() {
        AddressRanges ranges = AddressRanges.parse(List.of("10.1.0.0/16", "192.0.2.7", "2001:db8::/32", "198.51.100.0/31"));

        assertThat(ranges.contains(InetAddress.ofLiteral("10.1.255.255"))).isTrue();
        assertThat(ranges.contains(InetAddress.ofLiteral("10.2.0.0"))).isFalse();
        assertThat(ranges.contains(InetAddress.ofLiteral("192.0.2.7"))).isTrue();
        assertThat(ranges.contains(InetAddress.ofLiteral("192.0.2.8"))).isFalse();
        assertThat(ranges.contains(InetAddress.ofLiteral("198.51.100.1"))).isTrue();
        assertThat(ranges.contains(InetAddress.ofLiteral("198.51.100.2"))).isFalse();
        assertThat(ranges.contains(InetAddress.ofLiteral("2001:db8:ffff::1"))).isTrue();
        assertThat(ranges.contains(InetAddress.ofLiteral("2001:db9::1"))).isFalse();
    }

    @Test
    void ipv4RangesNeverContainIpv6Addresses() {
        AddressRanges everything = AddressRanges.parse(List.of("0.0.0.0/0"));

        assertThat(everything.contains(InetAddress.ofLiteral("1.2.3.4"))).isTrue();
        assertThat(everything.contains(InetAddress.ofLiteral("::1"))).isFalse();
        assertThat(AddressRanges.NONE.contains(InetAddress.ofLiteral("1.2.3.4"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.1/8", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "localhost",
            "10.0.0.256", "fe80::1%eth0", "::ffff:127.0.0.1", "[::1]",
            "010.0.0.0/8", "127.1"})
    void malformedRangesAreRefusedNamingThemselves(String cidr) {
        assertThatThrownBy(() -> AddressRanges.parse(List.of(cidr)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + cidr + "'");
    }
}

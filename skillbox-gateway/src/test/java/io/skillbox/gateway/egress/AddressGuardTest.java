package io.skillbox.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.network.AddressRanges;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
    private final AddressGuard guard = new AddressGuard(AddressRanges.NONE);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0|unspecified",
            "0.1.2.3|unspecified",
            "127.0.0.1|loopback",
            "127.255.255.254|loopback",
            "10.0.0.1|private (RFC 1918)",
            "172.16.0.1|private (RFC 1918)",
            "172.31.255.255|private (RFC 1918)",
            "192.168.1.1|private (RFC 1918)",
            "100.64.0.1|carrier-grade NAT",
            "100.127.255.255|carrier-grade NAT",
            "169.254.169.254|cloud metadata",
            "169.254.1.1|link-local",
            "192.0.0.8|reserved",
            "198.18.0.1|reserved",
            "198.19.255.255|reserved",
            "224.0.0.1|multicast",
            "239.255.255.250|multicast",
            "240.0.0.1|reserved",
            "255.255.255.255|reserved",
            "::|unspecified",
            "::1|loopback",
            "::7f00:1|reserved",
            "fc00::1|unique local (ULA)",
            "fd12:3456::1|unique local (ULA)",
            "fd00:ec2::254|cloud metadata",
            "fe80::1|link-local",
            "fec0::1|site-local",
            "ff02::1|multicast",
            "64:ff9b::7f00:1|loopback (in NAT64)",
            "64:ff9b::a9fe:a9fe|cloud metadata (in NAT64)",
            "2002:0a00:0001::1|private (RFC 1918) (in 6to4)",
            "2002:7f00:0001::1|loopback (in 6to4)",
            "2001:0:4136:e378::1|reserved",
            "64:ff9b:1::1|reserved"})
    void refuses(String address, String label) {
        assertThat(guard.refusal(InetAddress.ofLiteral(address))).contains(label);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "192.0.1.1", "198.20.0.1",
            "2606:4700::1111", "64:ff9b::808:808", "2002:0808:0808::1"})
    void lets(String address) {
        assertThat(guard.refusal(InetAddress.ofLiteral(address))).isEmpty();
    }

    @Test
    void anIpv4MappedAddressIsJudgedAsItsIpv4() throws UnknownHostException {
        assertThat(guard.refusal(ProxyFixture.mapped("127.0.0.1"))).contains("loopback");
        assertThat(guard.refusal(ProxyFixture.mapped("169.254.169.254"))).contains("cloud metadata");
        assertThat(guard.refusal(ProxyFixture.mapped("8.8.8.8"))).isEmpty();
    }

    @Test
    void exemptionsLetOnlyTheirRanges() throws UnknownHostException {
        AddressGuard exempting = new AddressGuard(AddressRanges.parse(List.of("127.0.0.0/8", "fd00::/8")));

        assertThat(exempting.refusal(InetAddress.ofLiteral("127.0.0.1"))).isEmpty();
        assertThat(exempting.refusal(ProxyFixture.mapped("127.0.0.1"))).isEmpty();
        assertThat(exempting.refusal(InetAddress.ofLiteral("fd12::1"))).isEmpty();
        assertThat(exempting.refusal(InetAddress.ofLiteral("10.0.0.1"))).contains("private (RFC 1918)");
        assertThat(exempting.refusal(InetAddress.ofLiteral("::1"))).contains("loopback");
        assertThat(exempting.refusal(InetAddress.ofLiteral("64:ff9b::7f00:1"))).contains("loopback (in NAT64)");
    }
}

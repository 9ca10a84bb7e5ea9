package io.skillbox.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @ParameterizedTest
    @CsvSource({
            "Api.Example.COM, api.example.com",
            "api.example.com., api.example.com",
            "under_score.test, under_score.test",
            "192.0.2.1, 192.0.2.1",
            "[::1], [0:0:0:0:0:0:0:1]",
            "[2001:DB8::1], [2001:db8:0:0:0:0:0:1]",
            "[::ffff:127.0.0.1], [::ffff:127.0.0.1]"})
    void canonical(String host, String canonical) {
        assertThat(HostNames.canonical(host)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "a..b", "-a.test", "a-.test", "a b", "127.1", "0x7f.1", "2130706433", "1.2.3.4.5",
            "01.2.3.4", "[fe80::1%eth0]", "[1.2.3.4]", "a.test:80", "a@b"})
    void refusesWhatIsNotAHost(String host) {
        assertThatThrownBy(() -> HostNames.canonical(host)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalsAreAddressesAndNamesAreNot() {
        assertThat(HostNames.literal("192.0.2.1")).contains(InetAddress.ofLiteral("192.0.2.1"));
        assertThat(HostNames.literal("[0:0:0:0:0:0:0:1]")).contains(InetAddress.ofLiteral("::1"));
        assertThat(HostNames.literal("api.test")).isEmpty();
    }
}

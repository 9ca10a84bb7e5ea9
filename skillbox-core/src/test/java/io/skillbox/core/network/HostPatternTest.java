package io.skillbox.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPatternTest {

    @ParameterizedTest
    @CsvSource({
            "api.example.com:443, api.example.com, 443, true",
            "api.example.com:443, API.Example.COM, 443, true",
            "api.example.com:443, api.example.com., 443, true",
            "api.example.com:443, api.example.com, 80, false",
            "api.example.com:443, eu.api.example.com, 443, false",
            "*.example.com:443, api.example.com, 443, true",
            "*.example.com:443, a.b.c.example.com, 443, true",
            "*.example.com:443, example.com, 443, false",
            "*.example.com:443, badexample.com, 443, false",
            "*.example.com:443, api.example.com, 444, false",
            "*:443, anything.test, 443, true",
            "*:443, 192.0.2.1, 443, true",
            "*:443, anything.test, 80, false",
            "192.0.2.1:80, 192.0.2.1, 80, true",
            "[2001:db8::1]:443, [2001:DB8:0::1], 443, true",
            "[2001:db8::1]:443, 2001:db8::1, 443, false",
            "*.0.2.test:80, 192.0.2.test, 80, true",
            "*:80, 2130706433, 80, false",
            "*:80, not a host, 80, false"})
    void matches(String pattern, String host, int port, boolean expected) {
        assertThat(HostPattern.parse(pattern).matches(host, port)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "*.example.com:443, api.example.com:443, true",
            "*.example.com:443, *.api.example.com:443, true",
            "*.example.com:443, *.example.com:443, true",
            "*.example.com:443, example.com:443, false",
            "*.example.com:443, api.example.com:80, false",
            "*.example.com:443, *:443, false",
            "*.example.com:443, api.other.com:443, false",
            "*:443, api.example.com:443, true",
            "*:443, *.example.com:443, true",
            "*:443, *:443, true",
            "*:443, 192.0.2.1:443, true",
            "*:443, api.example.com:80, false",
            "api.example.com:443, api.example.com:443, true",
            "API.example.com:443, api.example.com.:443, true",
            "api.example.com:443, *.api.example.com:443, false",
            "api.example.com:443, *:443, false"})
    void covers(String wide, String narrow, boolean expected) {
        assertThat(HostPattern.parse(wide).covers(HostPattern.parse(narrow))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:", ":443", "example.com:https", "example.com:0",
            "example.com:65536", "exa mple.com:80", "-bad.com:80", "*.*.com:80", "**.com:80", "*example.com:80",
            "127.1:80", "2130706433:80", "300.1.2.3:80", "[::1]", "[zz::1]:80", "2001:db8::1:80", "*.[::1]:80",
            "*.10.0.0.1:80", "*.0.0.1:80", "a..b:80", "user@host:80"})
    void malformedPatternsAreRefusedNamingThemselves(String pattern) {
        assertThatThrownBy(() -> HostPattern.parse(pattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(pattern);
    }

    @Test
    void printsCanonically() {
        assertThat(HostPattern.parse("*.Example.COM.:443")).hasToString("*.example.com:443")
                .isEqualTo(HostPattern.parse("*.example.com:443"));
    }
}

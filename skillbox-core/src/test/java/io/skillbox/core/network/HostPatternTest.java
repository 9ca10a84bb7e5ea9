package io.skillbox.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            "api.example.com:443, x.api.example.com, 443, false",
            "*.example.com:443, a.example.com, 443, true",
            "*.example.com:443, a.b.example.com, 443, true",
            "*.example.com:443, example.com, 443, false",
            "*.example.com:443, evilexample.com, 443, false",
            "*.example.com:443, example.com.evil.org, 443, false",
            "*:443, anything.at.all, 443, true",
            "*:443, anything.at.all, 444, false",
            "192.0.2.1:80, 192.0.2.1, 80, true",
            "[2001:db8::1]:443, [2001:DB8::1], 443, true",
    })
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
            "*.example.com:443, notexample.com:443, false",
            "*:443, api.example.com:443, true",
            "*:443, *.example.com:443, true",
            "*:443, *:443, true",
            "api.example.com:443, *.example.com:443, false",
            "api.example.com:443, api.example.com:443, true",
            "api.example.com:443, *:443, false",
    })
    void covers(String wide, String narrow, boolean expected) {
        assertThat(HostPattern.parse(wide).covers(HostPattern.parse(narrow))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:", ":443", "example.com:0", "example.com:65536", "example.com:http",
            "exa mple.com:80", "*example.com:80", "a.*.com:80", "-bad.com:80"})
    void refusesWhatIsNotNameColonPort(String text) {
        assertThatThrownBy(() -> HostPattern.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isEmpty() ? "" : "'");
    }
}

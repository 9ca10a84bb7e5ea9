package io.skillbox.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The revocation range syntax: what each form matches and what it does not. */
class VersionRangeTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = ';', textBlock = """
            *                        ; 1.2.3         ; true
            *                        ; nightly       ; true
            x                        ; 0.0.1         ; true
            1.2.3                    ; 1.2.3         ; true
            =1.2.3                   ; 1.2.3         ; true
            =1.2.3                   ; 1.2.4         ; false
            =1.2.3                   ; 1.2.3+build.7 ; true
            =1.2.3                   ; 1.2.3-rc.1    ; false
            >=1.0.0 <1.2.0           ; 1.0.0         ; true
            >=1.0.0 <1.2.0           ; 1.1.9         ; true
            >=1.0.0 <1.2.0           ; 1.2.0         ; false
            >=1.0.0 <1.2.0           ; 0.9.9         ; false
            >=1.0.0 <1.2.0           ; 1.2.0-rc.1    ; true
            >1.0.0                   ; 1.0.0         ; false
            >1.0.0                   ; 1.0.1         ; true
            <=1.0.0                  ; 1.0.0         ; true
            <=1.0.0                  ; 1.0.1         ; false
            1.2.x                    ; 1.2.0         ; true
            1.2.x                    ; 1.2.99        ; true
            1.2.x                    ; 1.2.0-beta    ; true
            1.2.x                    ; 1.3.0         ; false
            1.2.*                    ; 1.2.7         ; true
            1.x                      ; 1.9.0         ; true
            1.x                      ; 2.0.0         ; false
            <1.0.0 || >=2.0.0 <2.1.0 ; 0.5.0         ; true
            <1.0.0 || >=2.0.0 <2.1.0 ; 1.5.0         ; false
            <1.0.0 || >=2.0.0 <2.1.0 ; 2.0.3         ; true
            1.2.x || =3.0.0          ; 3.0.0         ; true
            >=1.0.0                  ; 1.0.0-alpha   ; false
            >=1.0.0-alpha <1.0.0     ; 1.0.0-beta    ; true
            >=1.0.0-alpha.2          ; 1.0.0-alpha.10 ; true
            >=1.0.0-alpha.2          ; 1.0.0-alpha.1 ; false
            >=1.0.0-beta             ; 1.0.0-alpha   ; false
            >=10.0.0                 ; 9.0.0         ; false
            >=1.0.0                  ; 2024.01       ; false
            1.x                      ; 1.2           ; false
            2024.01                  ; 2024.01       ; true
            =2024.01                 ; 2024.01       ; true
            =2024.01                 ; 2024.1        ; false
            1.2                      ; 1.2           ; true
            1.2                      ; 1.2.0         ; false
            """)
    void matches(String range, String version, boolean expected) {
        assertThat(VersionRange.parse(range).matches(version)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", ">=1.2", "<nightly", "^1.2.0", "~1.2.0", "1.a.x", "1 ||", "|| 1.0.0", "="})
    void refusesWhatItCannotRead(String range) {
        assertThatThrownBy(() -> VersionRange.parse(range)).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"^1.2.0", "~1.2.0"})
    void caretAndTildeSayHowToWriteTheBounds(String range) {
        assertThatThrownBy(() -> VersionRange.parse(range)).hasMessageContaining(">=1.2.0 <2.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", ">=1.0.0 <1.2.0", "1.2.x || =3.0.0"})
    void keepsItsText(String range) {
        assertThat(VersionRange.parse(range).text()).isEqualTo(range);
        assertThat(VersionRange.parse(range)).isEqualTo(VersionRange.parse(range));
    }
}

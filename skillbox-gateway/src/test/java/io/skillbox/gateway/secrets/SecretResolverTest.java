package io.skillbox.gateway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.policy.CredentialPolicy;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
    @TempDir
    Path dir;

    private SecretResolver resolver(Map<String, String> env) {
        SecretStore store = SecretStore.open(new CredentialPolicy.Store(dir.resolve("secrets.json"), "",
                dir.resolve("secrets.key")), Map.of());
        store.put("maps", "maps-key");
        return new SecretResolver(env, store);
    }

    @Test
    void resolvesFromTheHostEnvironmentAndTheStore() {
        SecretResolver r = resolver(Map.of("WEATHER_KEY", "owm-123"));
        assertThat(r.resolve("env:WEATHER_KEY")).isEqualTo("owm-123");
        assertThat(r.resolve("store:maps")).isEqualTo("maps-key");
    }

    @Test
    void aMissingEnvironmentVariableNamesTheRefAndTheFix() {
        assertThatThrownBy(() -> resolver(Map.of()).resolve("env:WEATHER_KEY")).isInstanceOf(SkillboxException.class)
                .hasMessageContaining("'env:WEATHER_KEY'").hasMessageContaining("export WEATHER_KEY");
    }

    @Test
    void aMissingStoreEntryNamesTheRef() {
        assertThatThrownBy(() -> resolver(Map.of()).resolve("store:absent"))
                .hasMessageContaining("'store:absent' is not in the secret store");
    }

    @Test
    void anUnknownSchemeIsAPolicyError() {
        assertThatThrownBy(() -> resolver(Map.of("X", "1")).resolve("vault:X")).isInstanceOf(SkillboxException.class)
                .hasMessageContaining("'vault:X'").hasMessageContaining("env:NAME")
                .extracting(e -> ((SkillboxException) e).code()).isEqualTo(ErrorCode.INVALID_POLICY);
        assertThatThrownBy(() -> resolver(Map.of("X", "1")).resolve("X")).hasMessageContaining("no known scheme");
    }
}

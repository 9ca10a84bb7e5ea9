package io.skillbox.gateway.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.json.Json;
import io.skillbox.core.policy.CredentialPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SecretStoreTest {
    @TempDir
    Path dir;

    private CredentialPolicy.Store cfg() {
        return new CredentialPolicy.Store(dir.resolve("state/secrets.json"), "TEST_SECRETS_KEY",
                dir.resolve("state/keys/secrets.key"));
    }

    private SecretStore store() {
        return SecretStore.open(cfg(), Map.of());
    }

    private static String randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void roundTripsValuesAndKeepsThemEncryptedAtRest() throws Exception {
        SecretStore s = store();
        s.put("openweathermap", "owm-4f1c2a9e77");
        s.put("maps", "AIza-maps-key");

        SecretStore reopened = store();
        assertThat(reopened.get("openweathermap")).contains("owm-4f1c2a9e77");
        assertThat(reopened.get("maps")).contains("AIza-maps-key");
        assertThat(reopened.get("absent")).isEmpty();
        assertThat(reopened.names()).containsExactly("maps", "openweathermap");
        String onDisk = Files.readString(cfg().file());
        assertThat(onDisk).doesNotContain("owm-4f1c2a9e77", "AIza-maps-key");
        JsonNode root = Json.json().readTree(onDisk);
        assertThat(root.path("version").asInt()).isEqualTo(1);
        assertThat(root.path("entries").path("maps").has("nonce")).isTrue();
        assertThat(root.path("entries").path("maps").has("data")).isTrue();

        assertThat(reopened.remove("maps")).isTrue();
        assertThat(reopened.remove("maps")).isFalse();
        assertThat(store().names()).containsExactly("openweathermap");
    }

    @Test
    void firstWriteCreatesAKeyFileAndAStoreOnlyTheOwnerCanRead() throws Exception {
        store().put("a", "1");

        assertThat(Files.readAllBytes(cfg().keyFile())).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg().keyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg().file()))).isEqualTo("rw-------");
        try (var listing = Files.list(cfg().file().getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aKeyInTheEnvironmentIsUsedAndNoKeyFileIsWritten() {
        Map<String, String> env = Map.of("TEST_SECRETS_KEY", randomKey());
        SecretStore.open(cfg(), env).put("a", "1");

        assertThat(Files.exists(cfg().keyFile())).isFalse();
        assertThat(SecretStore.open(cfg(), env).get("a")).contains("1");
    }

    @Test
    void aWrongKeyIsAClearErrorNeverGarbage() {
        SecretStore.open(cfg(), Map.of("TEST_SECRETS_KEY", randomKey())).put("a", "1");
        SecretStore wrong = SecretStore.open(cfg(), Map.of("TEST_SECRETS_KEY", randomKey()));

        assertThatThrownBy(() -> wrong.get("a")).isInstanceOf(SkillboxException.class)
                .hasMessageContaining("cannot decrypt secret 'a'").hasMessageContaining("$TEST_SECRETS_KEY");
        assertThatThrownBy(() -> wrong.put("b", "2")).hasMessageContaining("cannot decrypt");
    }

    @Test
    void entriesSwappedBetweenNamesDoNotDecrypt() throws Exception {
        SecretStore s = store();
        s.put("cheap", "low-value-key");
        s.put("prod", "high-value-key");
        ObjectNode root = (ObjectNode) Json.json().readTree(Files.readString(cfg().file()));
        ObjectNode entries = (ObjectNode) root.path("entries");
        JsonNode cheap = entries.get("cheap");
        entries.set("cheap", entries.get("prod"));
        entries.set("prod", cheap);
        Files.writeString(cfg().file(), Json.json().writeValueAsString(root));

        assertThatThrownBy(() -> store().get("cheap")).hasMessageContaining("cannot decrypt secret 'cheap'");
        assertThatThrownBy(() -> store().get("prod")).hasMessageContaining("cannot decrypt secret 'prod'");
    }

    @Test
    void anEditedValueIsDetected() throws Exception {
        store().put("a", "secret-value");
        ObjectNode root = (ObjectNode) Json.json().readTree(Files.readString(cfg().file()));
        ObjectNode entry = (ObjectNode) root.path("entries").path("a");
        byte[] data = Base64.getDecoder().decode(entry.get("data").asString());
        data[0] ^= 1;
        entry.put("data", Base64.getEncoder().encodeToString(data));
        Files.writeString(cfg().file(), Json.json().writeValueAsString(root));

        assertThatThrownBy(() -> store().get("a")).hasMessageContaining("was edited");
    }

    @Test
    void aDamagedFileIsReportedAsSuch() throws Exception {
        store().put("a", "1");
        Files.writeString(cfg().file(), "{\"version\": 2, \"entries\": {}}");
        assertThatThrownBy(() -> store().get("a")).hasMessageContaining("is damaged");
        Files.writeString(cfg().file(), "{\"version\": 1, \"entries\": {\"a\": {\"nonce\": \"AAAA\", \"data\": \"AAAA\"}}}");
        assertThatThrownBy(() -> store().names()).hasMessageContaining("is damaged");
        Files.writeString(cfg().file(), "not json");
        assertThatThrownBy(() -> store().names()).hasMessageContaining("is damaged");
    }

    @Test
    void aMissingKeyFileNamesBothPlacesAndIsNeverReplacedUnderExistingEntries() throws Exception {
        store().put("a", "1");
        Files.delete(cfg().keyFile());

        assertThatThrownBy(() -> store().get("a")).isInstanceOf(SkillboxException.class)
                .hasMessageContaining("$TEST_SECRETS_KEY").hasMessageContaining(cfg().keyFile().toString());
        assertThatThrownBy(() -> store().put("b", "2")).hasMessageContaining(cfg().keyFile().toString());
        assertThat(Files.exists(cfg().keyFile())).isFalse();
    }

    @Test
    void aMalformedEnvironmentKeyIsRefusedAtOpen() {
        assertThatThrownBy(() -> SecretStore.open(cfg(), Map.of("TEST_SECRETS_KEY", "not base64!")))
                .hasMessageContaining("$TEST_SECRETS_KEY is not base64");
        assertThatThrownBy(() -> SecretStore.open(cfg(), Map.of("TEST_SECRETS_KEY", "c2hvcnQ=")))
                .hasMessageContaining("holds 5 bytes");
    }

    @Test
    void anEmptyStoreNeedsNoKey() {
        assertThat(store().get("a")).isEmpty();
        assertThat(store().names()).isEmpty();
        assertThat(Files.exists(cfg().keyFile())).isFalse();
    }
}

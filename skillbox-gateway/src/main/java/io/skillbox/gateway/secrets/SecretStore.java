package io.skillbox.gateway.secrets;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.io.FileLocks;
import io.skillbox.core.json.Json;
import io.skillbox.core.policy.CredentialPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The broker's secrets at rest: one JSON file whose values are each sealed with AES-256-GCM under the
 * store key, bound to their names. A copied file is useless without the key, and a wrong key, an edited
 * value or a value moved to another name is reported as such rather than decrypted to garbage. Writers
 * in any process take turns under a lock file and replace the file atomically, so readers need no lock.
 */
public final class SecretStore {
    private static final int VERSION = 1;
    private static final int MAX_NAME = 256;

    private final CredentialPolicy.Store cfg;
    private final StoreKey key;

    private SecretStore(CredentialPolicy.Store cfg, StoreKey key) {
        this.cfg = cfg;
        this.key = key;
    }

    /**
     * The store the policy names; nothing is read until used.
     *
     * @param env the host's environment, where {@code cfg.keyEnv()} may hold the key
     * @throws SkillboxException when that variable is set but is not base64 of 32 bytes
     */
    public static SecretStore open(CredentialPolicy.Store cfg, Map<String, String> env) {
        return new SecretStore(cfg, new StoreKey(cfg, env));
    }

    /** The value stored under {@code name}, if any. */
    public Optional<String> get(String name) {
        EntryCipher.Sealed sealed = read().get(name);
        return sealed == null ? Optional.empty() : Optional.of(open(key.load(), name, sealed));
    }

    /** Stores {@code value} under {@code name}, replacing any value there. */
    public void put(String name, String value) {
        checkName(name);
        update(entries -> {
            SecretKey k = entries.isEmpty() ? key.loadOrCreate() : checkedKey(entries);
            entries.put(name, EntryCipher.seal(k, name, value));
            return true;
        });
    }

    /** Removes {@code name}; false if it was not there. */
    public boolean remove(String name) {
        return update(entries -> {
            if (!entries.containsKey(name)) {
                return false;
            }
            checkedKey(entries);
            entries.remove(name);
            return true;
        });
    }

    /** The names in the store, without decrypting anything. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(read().keySet()));
    }

    private interface Change {
        boolean apply(SortedMap<String, EntryCipher.Sealed> entries) throws IOException;
    }

    /** Applies {@code change} under the lock, and writes the file if it says it changed something. */
    private boolean update(Change change) {
        try {
            Path lock = PrivateFiles.directoryOf(cfg.file()).resolve("." + cfg.file().getFileName() + ".lock");
            return FileLocks.withLock(lock, () -> {
                SortedMap<String, EntryCipher.Sealed> entries = read();
                boolean changed = change.apply(entries);
                if (changed) {
                    PrivateFiles.replace(cfg.file(), encode(entries));
                }
                return changed;
            });
        } catch (IOException e) {
            throw new SkillboxException(ErrorCode.INTERNAL, "cannot write the secret store " + cfg.file() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The key, proven to open an existing entry: a store never mixes values sealed under two keys. */
    private SecretKey checkedKey(SortedMap<String, EntryCipher.Sealed> entries) {
        SecretKey k = key.load();
        String first = entries.firstKey();
        open(k, first, entries.get(first));
        return k;
    }

    private String open(SecretKey k, String name, EntryCipher.Sealed sealed) {
        try {
            return EntryCipher.open(k, name, sealed);
        } catch (AEADBadTagException e) {
            throw new SkillboxException(ErrorCode.INTERNAL, "cannot decrypt secret '" + name + "' in " + cfg.file()
                    + ": the key from " + key.source() + " is not the one it was sealed with, or the file was edited"
                    + " (restore the right key or the file, or store the secret again)");
        }
    }

    private SortedMap<String, EntryCipher.Sealed> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(cfg.file());
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        } catch (IOException e) {
            throw new SkillboxException(ErrorCode.INTERNAL, "cannot read the secret store " + cfg.file() + ": "
                    + e.getMessage(), e);
        }
        try {
            return decode(Json.json().readTree(bytes));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new SkillboxException(ErrorCode.INTERNAL, "the secret store " + cfg.file() + " is damaged: "
                    + e.getMessage() + " (restore it from a backup, or delete it and store the secrets again)", e);
        }
    }

    private static SortedMap<String, EntryCipher.Sealed> decode(JsonNode root) {
        if (root == null || !root.isObject() || root.path("version").asInt(-1) != VERSION
                || !root.path("entries").isObject()) {
            throw new IllegalArgumentException("expected {\"version\": " + VERSION + ", \"entries\": {...}}");
        }
        SortedMap<String, EntryCipher.Sealed> entries = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("entries").properties()) {
            byte[] nonce = Base64.getDecoder().decode(e.getValue().path("nonce").asString(""));
            byte[] data = Base64.getDecoder().decode(e.getValue().path("data").asString(""));
            if (nonce.length != EntryCipher.NONCE_BYTES || data.length < EntryCipher.TAG_BYTES) {
                throw new IllegalArgumentException("entry '" + e.getKey() + "' has no valid nonce and data");
            }
            entries.put(e.getKey(), new EntryCipher.Sealed(nonce, data));
        }
        return entries;
    }

    private static byte[] encode(SortedMap<String, EntryCipher.Sealed> entries) {
        ObjectNode root = Json.json().createObjectNode().put("version", VERSION);
        ObjectNode out = root.putObject("entries");
        entries.forEach((name, sealed) -> out.putObject(name)
                .put("nonce", Base64.getEncoder().encodeToString(sealed.nonce()))
                .put("data", Base64.getEncoder().encodeToString(sealed.data())));
        return Json.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    private static void checkName(String name) {
        if (name.isBlank() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "'" + name + "' is not a usable secret name"
                    + " (1 to " + MAX_NAME + " characters, no control characters)");
        }
    }
}

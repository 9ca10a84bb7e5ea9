package io.skillbox.gateway.secrets;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.policy.CredentialPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret store's AES-256 key: from the environment variable the policy names (base64 of 32 bytes),
 * else from the key file (32 raw bytes, 0600), which the first write to an empty store creates.
 */
final class StoreKey {
    static final int BYTES = 32;

    private final CredentialPolicy.Store cfg;
    private final Optional<SecretKey> fromEnv;

    StoreKey(CredentialPolicy.Store cfg, Map<String, String> env) {
        this.cfg = cfg;
        String text = cfg.keyEnv().isBlank() ? null : env.get(cfg.keyEnv());
        this.fromEnv = text == null || text.isBlank() ? Optional.empty() : Optional.of(decodeEnv(text.strip()));
    }

    /** Where the key comes from, for error messages. */
    String source() {
        return fromEnv.isPresent() ? "$" + cfg.keyEnv() : "the key file " + cfg.keyFile();
    }

    /** The key for reading, or for writing to a store that has entries: it must exist already. */
    SecretKey load() {
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        Path file = cfg.keyFile();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            String env = cfg.keyEnv().isBlank() ? "" : "$" + cfg.keyEnv() + " is not set and ";
            throw new SkillboxException(ErrorCode.INTERNAL, "the secret store " + cfg.file() + " has no key: " + env
                    + "the key file " + file + " does not exist (restore the key file" + envFix() + ")");
        }
        try {
            byte[] raw = Files.readAllBytes(file);
            if (raw.length != BYTES) {
                throw new SkillboxException(ErrorCode.INTERNAL, "the secret store key file " + file
                        + " must hold exactly " + BYTES + " bytes, not " + raw.length + " (restore it" + envFix() + ")");
            }
            return new SecretKeySpec(raw, "AES");
        } catch (IOException e) {
            throw new SkillboxException(ErrorCode.INTERNAL, "cannot read the secret store key file " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /** The key for the first write to an empty store: the key file is created if there is no key yet. */
    SecretKey loadOrCreate() throws IOException {
        if (fromEnv.isPresent() || Files.exists(cfg.keyFile(), LinkOption.NOFOLLOW_LINKS)) {
            return load();
        }
        byte[] raw = new byte[BYTES];
        new SecureRandom().nextBytes(raw);
        return PrivateFiles.createNew(cfg.keyFile(), raw) ? new SecretKeySpec(raw, "AES") : load();
    }

    private SecretKey decodeEnv(String text) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "$" + cfg.keyEnv()
                    + " is not base64 (set it to the store's key, e.g. from `openssl rand -base64 32`)");
        }
        if (raw.length != BYTES) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "$" + cfg.keyEnv() + " holds " + raw.length
                    + " bytes, but the store's key has " + BYTES + " (e.g. from `openssl rand -base64 32`)");
        }
        return new SecretKeySpec(raw, "AES");
    }

    private String envFix() {
        return cfg.keyEnv().isBlank() ? "" : ", or set $" + cfg.keyEnv() + " to the store's key (base64)";
    }
}

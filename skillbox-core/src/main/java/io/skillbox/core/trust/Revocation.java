package io.skillbox.core.trust;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.json.Json;
import io.skillbox.core.manifest.Manifest;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * One entry of a revocation list: a bundle (by content hash), everything a publisher key signed, or
 * versions of a skill by name. Each says why. A revoked bundle never runs.
 */
public sealed interface Revocation {
    /** Why it was revoked; shown with every refusal it causes. */
    String reason();

    /** Whether this entry revokes the bundle with {@code bundleHash}, signed (validly or not) by {@code signerKey}. */
    boolean matches(String bundleHash, Optional<String> signerKey, Manifest manifest);

    /** What it revokes, in words: {@code bundle sha256:…}, {@code publisher key sha256:… (ed25519:…)}, {@code skill x versions *}. */
    String describe();

    /** The entry as it is written in a policy or revocation file. */
    ObjectNode toJson();

    /** @param bundleHash a {@link BundleHash}: exactly that content */
    record ByBundleHash(String bundleHash, String reason) implements Revocation {
        public ByBundleHash {
            if (!BundleHash.isHash(bundleHash)) {
                throw new IllegalArgumentException("not a bundle hash (sha256: and 64 lowercase hex digits): " + bundleHash);
            }
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean matches(String hash, Optional<String> signerKey, Manifest manifest) {
            return bundleHash.equals(hash);
        }

        @Override
        public String describe() {
            return "bundle " + bundleHash;
        }

        @Override
        public ObjectNode toJson() {
            return Json.json().createObjectNode().put("bundleHash", bundleHash).put("reason", reason);
        }
    }

    /** @param publisherKey {@code ed25519:<base64>}, normalized: every bundle whose signature file names this key */
    record ByPublisherKey(String publisherKey, String reason) implements Revocation {
        public ByPublisherKey {
            publisherKey = Ed25519.toText(Ed25519.fromText(publisherKey));
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean matches(String hash, Optional<String> signerKey, Manifest manifest) {
            return signerKey.filter(publisherKey::equals).isPresent();
        }

        @Override
        public String describe() {
            return "publisher key " + Ed25519.keyId(Ed25519.fromText(publisherKey)) + " (" + publisherKey + ")";
        }

        @Override
        public ObjectNode toJson() {
            return Json.json().createObjectNode().put("publisherKey", publisherKey).put("reason", reason);
        }
    }

    /** @param skill the manifest's name; @param versions the versions it covers */
    record BySkill(String skill, VersionRange versions, String reason) implements Revocation {
        public BySkill {
            Objects.requireNonNull(skill, "skill");
            Objects.requireNonNull(versions, "versions");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean matches(String hash, Optional<String> signerKey, Manifest manifest) {
            return skill.equals(manifest.name()) && versions.matches(manifest.version());
        }

        @Override
        public String describe() {
            return "skill " + skill + " versions " + versions;
        }

        @Override
        public ObjectNode toJson() {
            return Json.json().createObjectNode().put("skill", skill).put("versions", versions.text()).put("reason", reason);
        }
    }
}

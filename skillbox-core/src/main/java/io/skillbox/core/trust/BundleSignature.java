package io.skillbox.core.trust;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.json.Json;
import io.skillbox.core.manifest.Manifest;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ObjectNode;

/**
 * The detached signature of a bundle, kept in the bundle as {@code skillbox.sig} (JSON). Only
 * {@link #message} is signed: the format line and the bundle hash. The skill's name and version are part
 * of the hashed manifest and the key id derives from the key, so both are checked against those;
 * {@code signedAt} is informational and not covered by the signature.
 *
 * @param format     {@value #FORMAT}
 * @param bundleHash the {@link BundleHash} that was signed
 * @param skill      the manifest's name when signed
 * @param version    the manifest's version when signed
 * @param publicKey  the signer's key, {@code ed25519:<base64>}
 * @param keyId      {@link Ed25519#keyId} of the key
 * @param signedAt   when it was signed, to the second
 * @param signature  base64 of the Ed25519 signature over {@link #message(String)}
 */
public record BundleSignature(String format, String bundleHash, String skill, String version, String publicKey,
        String keyId, Instant signedAt, String signature) {
    public static final String FORMAT = "skillbox-signature/v1";
    /** What the signed message starts with, so a signature over a bundle can never pass for anything else. */
    public static final String MESSAGE_PREFIX = "skillbox-bundle-signature/v1\n";

    private static final Set<String> FIELDS = Set.of("format", "bundleHash", "skill", "publicKey", "keyId", "signedAt", "signature");

    public BundleSignature {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(bundleHash, "bundleHash");
        Objects.requireNonNull(skill, "skill");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(signature, "signature");
    }

    /** The bytes the signature covers. */
    public static byte[] message(String bundleHash) {
        return (MESSAGE_PREFIX + bundleHash).getBytes(StandardCharsets.UTF_8);
    }

    /** Signs {@code bundleHash} of a bundle with {@code manifest}. */
    public static BundleSignature create(String bundleHash, Manifest manifest, PrivateKey key, Instant now) {
        PublicKey pub = Ed25519.publicOf(key);
        return new BundleSignature(FORMAT, bundleHash, manifest.name(), manifest.version(), Ed25519.toText(pub),
                Ed25519.keyId(pub), now.truncatedTo(ChronoUnit.SECONDS),
                Base64.getEncoder().encodeToString(Ed25519.sign(key, message(bundleHash))));
    }

    /** Whether {@link #signature} is a valid Ed25519 signature of {@link #bundleHash} by {@link #publicKey}. */
    public boolean verifies() {
        try {
            return Ed25519.verify(key(), message(bundleHash), Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException when {@link #publicKey} is not an Ed25519 key */
    public PublicKey key() {
        return Ed25519.fromText(publicKey);
    }

    /** The file's text: pretty JSON, fields in a fixed order. */
    public String toJson() {
        ObjectNode doc = Json.json().createObjectNode();
        doc.put("format", format);
        doc.put("bundleHash", bundleHash);
        doc.putObject("skill").put("name", skill).put("version", version);
        doc.put("publicKey", publicKey);
        doc.put("keyId", keyId);
        doc.put("signedAt", signedAt.toString());
        doc.put("signature", signature);
        return Json.json().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n";
    }

    /** @throws IllegalArgumentException naming the first field that is missing, unknown or of the wrong form */
    public static BundleSignature fromJson(JsonNode doc) {
        if (!doc.isObject()) {
            throw new IllegalArgumentException("it is not a JSON object");
        }
        for (Iterator<String> names = doc.propertyNames().iterator(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'");
            }
        }
        String format = text(doc, "format");
        if (!format.equals(FORMAT)) {
            throw new IllegalArgumentException("format is '" + format + "', this build reads " + FORMAT);
        }
        JsonNode skill = doc.path("skill");
        if (!skill.isObject() || skill.size() != 2) {
            throw new IllegalArgumentException("skill must be {name, version}");
        }
        Instant signedAt;
        try {
            signedAt = Instant.parse(text(doc, "signedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("signedAt is not an ISO-8601 instant");
        }
        return new BundleSignature(format, text(doc, "bundleHash"), text(skill, "name"), text(skill, "version"),
                text(doc, "publicKey"), text(doc, "keyId"), signedAt, text(doc, "signature"));
    }

    private static String text(JsonNode doc, String field) {
        JsonNode n = doc.get(field);
        if (n == null || !n.isString()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return n.stringValue();
    }
}

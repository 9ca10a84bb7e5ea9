package io.skillbox.gateway.token;

import io.skillbox.core.crypto.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;

/**
 * Tokens built by hand, signed with the JDK's own Ed25519 (an implementation independent of the one
 * under test), for forgeries and malformed claims the broker must refuse.
 */
public final class TestJwts {
    private TestJwts() {}

    public static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    public static String header(KeyPair key) {
        return "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"" + Ed25519.keyId(key.getPublic()) + "\"}";
    }

    /** {@code header.payload} signed by {@code key}. */
    public static String sign(KeyPair key, String headerJson, String payloadJson) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        byte[] sig = Ed25519.sign(key.getPrivate(), input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    /** The payload of {@code token}, decoded. */
    public static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    /** {@code token} with its payload replaced and the original signature kept. */
    public static String withPayload(String token, String payloadJson) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + b64(payloadJson) + "." + parts[2];
    }
}

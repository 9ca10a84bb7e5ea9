package io.skillbox.gateway.broker;

import io.skillbox.core.json.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Scrubs a raw key from what a provider answers, so a provider that echoes credentials (in a header, an
 * error page, a debug field) cannot hand the key to the skill. It looks for the key as written, URL- and
 * JSON-escaped, and in base64 at any alignment, so {@code Basic base64(user:key)} is caught as well.
 * Text is matched byte for byte (ISO-8859-1 view of the UTF-8 bytes), so any body can be scrubbed
 * without decoding it.
 */
final class KeyRedactor {
    static final String REDACTED = "[redacted]";
    /** Shorter base64 fragments than this would match unrelated text too often to be worth replacing. */
    private static final int MIN_FRAGMENT = 8;

    private final List<String> forms;

    KeyRedactor(String key) {
        Set<String> f = new LinkedHashSet<>();
        f.add(key);
        String url = URLEncoder.encode(key, StandardCharsets.UTF_8);
        f.add(url);
        f.add(url.replace("+", "%20"));
        String json = Json.json().writeValueAsString(key);
        f.add(json.substring(1, json.length() - 1));
        f.add(json.substring(1, json.length() - 1).replace("/", "\\/"));
        byte[] raw = key.getBytes(StandardCharsets.UTF_8);
        for (Base64.Encoder enc : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
            f.add(enc.encodeToString(raw));
            for (int shift = 0; shift < 3; shift++) {
                f.add(alignedCore(enc, raw, shift));
            }
        }
        List<String> byLength = new ArrayList<>();
        for (String s : f) {
            if (!s.isEmpty() && (s.length() >= MIN_FRAGMENT || s.equals(key))) {
                byLength.add(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        }
        byLength.sort(Comparator.comparingInt(String::length).reversed());
        this.forms = List.copyOf(byLength);
    }

    /** {@code text} (an ISO-8859-1 view of bytes, as HTTP header values are) with every form replaced. */
    String redact(String text) {
        String out = text;
        for (String form : forms) {
            out = out.replace(form, REDACTED);
        }
        return out;
    }

    byte[] redact(byte[] body) {
        return redact(new String(body, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
    }

    boolean contains(String text) {
        return forms.stream().anyMatch(text::contains);
    }

    /**
     * The characters of base64 that depend on the key alone when it starts {@code shift} bytes into a
     * 3-byte group: the first and last characters also hold bits of whatever surrounds it.
     */
    private static String alignedCore(Base64.Encoder enc, byte[] key, int shift) {
        byte[] padded = new byte[shift + key.length];
        System.arraycopy(key, 0, padded, shift, key.length);
        String text = enc.withoutPadding().encodeToString(padded);
        int from = (8 * shift + 5) / 6;
        int to = 8 * (shift + key.length) / 6;
        return from < to ? text.substring(from, to) : "";
    }
}

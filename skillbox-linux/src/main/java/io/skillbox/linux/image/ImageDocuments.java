package io.skillbox.linux.image;

import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reading the JSON documents of an image (index, manifest, config), each checked against its digest. */
final class ImageDocuments {
    /** Image documents are kilobytes; a config with a long history stays far below this. */
    static final int MAX_DOCUMENT = 4 << 20;

    private ImageDocuments() {}

    /** A document read and parsed, with the digest of its bytes. */
    record Document(JsonNode json, Digest digest) {}

    /**
     * Reads {@code path}; if {@code expected} is given the bytes must hash to it, and if
     * {@code expectedSize} is not negative they must be that long.
     */
    static Document read(ImageFiles files, String path, String kind, Optional<Digest> expected,
            long expectedSize) {
        byte[] bytes;
        try (InputStream in = files.open(path)) {
            bytes = in.readNBytes(MAX_DOCUMENT + 1);
        } catch (NoSuchFileException e) {
            throw ImageErrors.malformed(files.describe(path), "the " + kind + " is missing",
                    "export the complete image (e.g. `docker save` or `skopeo copy ... oci:DIR`)", e);
        } catch (IOException e) {
            throw ImageErrors.malformed(files.describe(path), "the " + kind + " cannot be read: "
                    + e.getMessage(), "export the image again", e);
        }
        if (bytes.length > MAX_DOCUMENT) {
            throw ImageErrors.unsafe(files.describe(path), "the " + kind + " is larger than "
                    + MAX_DOCUMENT + " bytes", "this is not an image document; export the image again");
        }
        Digest actual = Digest.of(bytes);
        if (expected.isPresent() && !expected.get().equals(actual)) {
            throw ImageErrors.digestMismatch(files.describe(path), "the " + kind, expected.get(), actual);
        }
        if (expectedSize >= 0 && bytes.length != expectedSize) {
            throw ImageErrors.unsafe(files.describe(path), "the " + kind + " is " + bytes.length
                    + " bytes but its descriptor says " + expectedSize, "export the image again");
        }
        try {
            return new Document(Json.json().readTree(bytes), actual);
        } catch (JacksonException e) {
            throw ImageErrors.malformed(files.describe(path), "the " + kind + " is not valid JSON: "
                    + e.getOriginalMessage(), "export the image again", e);
        }
    }

    /** A required string field. */
    static String text(JsonNode node, String field, String file) {
        JsonNode value = node.path(field);
        if (!value.isString()) {
            throw ImageErrors.malformed(file, "\"" + field + "\" is missing or not a string",
                    "export the image again with a current tool");
        }
        return value.stringValue();
    }

    /** A required array field, as its elements. */
    static List<JsonNode> array(JsonNode node, String field, String file) {
        JsonNode value = node.path(field);
        if (!value.isArray()) {
            throw ImageErrors.malformed(file, "\"" + field + "\" is missing or not an array",
                    "export the image again with a current tool");
        }
        return new ArrayList<>(value.values());
    }

    /** A {@code sha256:<hex>} field. */
    static Digest digest(JsonNode node, String field, String file) {
        String text = text(node, field, file);
        return Digest.parse(text).orElseThrow(() -> ImageErrors.malformed(file, "\"" + field + "\" is "
                + text + ", not a sha256 digest", "export the image with sha256 digests (the default)"));
    }

    /** The blob path of a digest in an image layout. */
    static String blobPath(Digest digest) {
        return "blobs/sha256/" + digest.hex();
    }

    /** The config's {@code rootfs.diff_ids}. */
    static List<Digest> diffIds(JsonNode config, String file) {
        JsonNode rootfs = config.path("rootfs");
        List<Digest> ids = new ArrayList<>();
        for (JsonNode id : array(rootfs, "diff_ids", file)) {
            String text = id.isString() ? id.stringValue() : id.toString();
            ids.add(Digest.parse(text).orElseThrow(() -> ImageErrors.malformed(file, "rootfs.diff_ids holds "
                    + text + ", not a sha256 digest", "export the image again")));
        }
        return ids;
    }
}

package io.skillbox.cli;

import io.skillbox.core.crypto.Digests;
import io.skillbox.core.json.Json;
import io.skillbox.core.manifest.Bundle;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** How {@code check} shows a bundle's manifest: as skillbox read it from whichever format, with the mapping's notes. */
final class ManifestView {
    /** Longer file contents (the Skillware runner) are shown by size and digest; golden tests pin the files. */
    private static final int MAX_SHOWN_CONTENT = 200;

    private ManifestView() {}

    /** The manifest as JSON, long provided-file contents abbreviated. */
    static JsonNode manifest(Bundle bundle) {
        return abbreviated(Json.json().valueToTree(bundle.manifest()));
    }

    /** Replaces every long {@code content} text in the tree (manifest.provided, spec.mounts) by its size and digest. */
    static <T extends JsonNode> T abbreviated(T tree) {
        if (tree instanceof ObjectNode object) {
            JsonNode content = object.get("content");
            if (content != null && content.isString() && content.stringValue().length() > MAX_SHOWN_CONTENT) {
                byte[] bytes = content.stringValue().getBytes(StandardCharsets.UTF_8);
                object.put("content", "(" + bytes.length + " bytes, sha256:" + Digests.sha256Hex(bytes) + ")");
            }
        }
        tree.values().forEach(ManifestView::abbreviated);
        return tree;
    }

    /** The human form: the format, the manifest, and how the format's fields were mapped. */
    static void print(Bundle bundle, JsonNode manifest, PrintStream out) {
        out.println("manifest (" + bundle.format() + (bundle.notes().isEmpty() ? "" : ", mapped onto skillbox's manifest") + "):");
        out.println(Output.pretty(manifest).indent(2));
        if (!bundle.notes().isEmpty()) {
            out.println("mapping:");
            bundle.notes().forEach(n -> out.println("  - " + n));
        }
    }
}

package io.skillbox.linux.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The process defaults an image's config asks for (the {@code config} object of the OCI image
 * configuration). They are defaults only: the skill's manifest and the policy decide what actually runs.
 *
 * @param entrypoint {@code Entrypoint}, empty if unset
 * @param cmd        {@code Cmd}, empty if unset
 * @param env        {@code Env} as {@code NAME=value} strings
 * @param workingDir {@code WorkingDir}, if set and not empty
 * @param user       {@code User}, if set and not empty
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env,
        Optional<String> workingDir, Optional<String> user) {
    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
    }

    /** Reads the {@code config} object of an image configuration; {@code file} names it in errors. */
    static ImageConfig from(JsonNode root, String file) {
        JsonNode config = root.path("config");
        if (!config.isMissingNode() && !config.isNull() && !config.isObject()) {
            throw ImageErrors.malformed(file, "\"config\" is not an object", "rebuild the image");
        }
        return new ImageConfig(strings(config, "Entrypoint", file), strings(config, "Cmd", file),
                strings(config, "Env", file), text(config, "WorkingDir", file), text(config, "User", file));
    }

    private static List<String> strings(JsonNode config, String field, String file) {
        JsonNode node = config.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ImageErrors.malformed(file, "config." + field + " is not an array of strings", "rebuild the image");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node.values()) {
            if (!item.isString()) {
                throw ImageErrors.malformed(file, "config." + field + " holds a non-string", "rebuild the image");
            }
            out.add(item.stringValue());
        }
        return out;
    }

    private static Optional<String> text(JsonNode config, String field, String file) {
        JsonNode node = config.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isString()) {
            throw ImageErrors.malformed(file, "config." + field + " is not a string", "rebuild the image");
        }
        return Optional.of(node.stringValue()).filter(s -> !s.isEmpty());
    }
}

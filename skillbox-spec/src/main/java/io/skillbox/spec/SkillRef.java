package io.skillbox.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Identifies the skill being run.
 *
 * @param name    the manifest's name, e.g. {@code weather-lookup}
 * @param version the manifest's version
 * @param bundle  the bundle directory on the host, already checked to hold no escaping symlinks
 */
public record SkillRef(String name, String version, Path bundle) {
    public SkillRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(bundle, "bundle");
        if (!bundle.isAbsolute()) {
            throw new IllegalArgumentException("bundle path must be absolute: " + bundle);
        }
    }
}

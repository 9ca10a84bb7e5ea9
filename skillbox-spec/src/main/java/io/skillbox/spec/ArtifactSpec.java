package io.skillbox.spec;

/**
 * Which files come back from the run.
 *
 * @param directory the sandbox directory whose regular files are collected after the run ({@code /work/out})
 * @param maxFiles  files collected at most; the rest are reported as dropped
 * @param maxBytes  bytes collected at most, over all files
 */
public record ArtifactSpec(String directory, int maxFiles, long maxBytes) {
    public ArtifactSpec {
        if (!directory.startsWith("/")) {
            throw new IllegalArgumentException("directory must be absolute: " + directory);
        }
        if (maxFiles < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("artifact caps must not be negative");
        }
    }
}

package io.skillbox.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container profile of the policy (seed 002 III.A), as skillbox applies it to the skills that run under it. Its
 * {@code cap_drop: [ALL]}, {@code read_only_fs: true} and {@code network: isolated} are what every sandbox gets
 * anyway, so they were checked when the policy was read and leave nothing here.
 *
 * @param name           its key under {@code profiles}
 * @param image          a key of the policy's {@code images}: the root of skills that bring no image of their own
 * @param seccompProfile {@code builtin:NAME} or an absolute path, in place of the policy's {@code seccomp.profile}
 * @param memoryBytes    the memory of skills that state none
 * @param cpuMillis      the cpu of skills that state none
 * @param volumes        bundle paths bound read-only in every skill under it ({@code ./data:/agent/data:ro})
 * @param notes          how each field was applied, for {@code skillbox check}
 */
public record ContainerProfile(String name, Optional<String> image, Optional<String> seccompProfile,
        Optional<Long> memoryBytes, Optional<Long> cpuMillis, List<Volume> volumes, List<String> notes) {
    public ContainerProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(seccompProfile, "seccompProfile");
        Objects.requireNonNull(memoryBytes, "memoryBytes");
        Objects.requireNonNull(cpuMillis, "cpuMillis");
        volumes = List.copyOf(volumes);
        notes = List.copyOf(notes);
    }

    /** A bundle-relative, normalized source bound read-only at an absolute target. */
    public record Volume(String source, String target) {}
}

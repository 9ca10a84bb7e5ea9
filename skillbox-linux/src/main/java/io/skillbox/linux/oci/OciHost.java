package io.skillbox.linux.oci;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the launcher put a run's host-side pieces; the only host facts {@link OciLowering} needs.
 *
 * @param rootfs      the container's root directory: an empty skeleton (host system directories are bound
 *                    into it) or the overlay of an image's cached rootfs
 * @param scratch     the host directory backing the spec's scratch mount (a size-capped tmpfs)
 * @param bundle      the read-only bind of the skill's bundle; bind sources inside the bundle come from here
 * @param files       the directory the launcher writes the spec's data files into, one per index
 * @param hostUid     the unprivileged host uid (and gid) the skill's uid is mapped to, unique per live run
 * @param rootHostUid the host uid that container root maps to: it owns no file and runs no process
 * @param netnsPath   the run's network namespace to join, when skillbox made and serves it; empty lets the
 *                    runtime make an empty one with only loopback
 * @param cgroupsPath the run's cgroup, relative to the runtime's own cgroup (so skillbox's own run cgroup)
 */
public record OciHost(
        Path rootfs,
        Path scratch,
        Path bundle,
        Path files,
        int hostUid,
        int rootHostUid,
        Optional<String> netnsPath,
        String cgroupsPath) {

    /** The same paths, joining the served namespace at {@code path}. */
    public OciHost withNetnsPath(String path) {
        return new OciHost(rootfs, scratch, bundle, files, hostUid, rootHostUid, Optional.of(path), cgroupsPath);
    }

    /** Stand-in paths for {@code skillbox check} and golden files. */
    public static OciHost placeholder(String runId) {
        Path run = Path.of("/run/skillbox/oci", runId);
        return new OciHost(run.resolve("rootfs"), Path.of("/run/skillbox/slots/<uid>/work"),
                Path.of("/run/skillbox/slots/<uid>/skill"), run.resolve("files"), 2_000_000_000, 1_999_999_999,
                Optional.empty(), OciExecution.cgroupsPath("run-" + runId));
    }
}

package io.skillbox.spec;

import java.util.List;
import java.util.Objects;

/**
 * Everything a backend needs to run one skill once, already checked against the operator's policy.
 *
 * <p>A backend must enforce every field or refuse the run: a spec is never silently weakened.
 *
 * @param runId      unique id of this run; names cgroups, scratch dirs and audit entries
 * @param skill      which skill this is (for logs and the environment only, never for decisions)
 * @param isolation  the tier the policy chose; the backend must implement exactly this tier
 * @param process    what runs inside, as whom, with which environment
 * @param mounts     the complete filesystem view; nothing of the host is visible unless listed
 * @param network    what the sandbox may reach; {@link NetworkSpec.None} means loopback only
 * @param limits     resource ceilings, in force before the skill's first instruction
 * @param privileges capabilities, no_new_privs and the seccomp filter
 * @param artifacts  which files come back from the scratch space, and how many bytes at most
 * @param hostname   the sandbox's own hostname (its UTS namespace); never the host's
 * @param snapshot   whether, when and how much of the scratch space is kept for forensics
 */
public record SandboxSpec(
        String runId,
        SkillRef skill,
        Isolation isolation,
        ProcessSpec process,
        List<Mount> mounts,
        NetworkSpec network,
        Limits limits,
        Privileges privileges,
        ArtifactSpec artifacts,
        String hostname,
        SnapshotSpec snapshot) {

    public SandboxSpec {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(skill, "skill");
        Objects.requireNonNull(isolation, "isolation");
        Objects.requireNonNull(process, "process");
        mounts = List.copyOf(mounts);
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(privileges, "privileges");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(snapshot, "snapshot");
        if (hostname == null || !hostname.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("hostname must be a DNS label: " + hostname);
        }
        if (!runId.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("runId must be lowercase letters, digits and '-': " + runId);
        }
        long scratchMounts = mounts.stream().filter(m -> m instanceof Mount.Scratch).count();
        if (scratchMounts != 1) {
            throw new IllegalArgumentException("a spec has exactly one scratch mount, found " + scratchMounts);
        }
    }

    /** The same spec with another snapshot request. */
    public SandboxSpec withSnapshot(SnapshotSpec other) {
        return new SandboxSpec(runId, skill, isolation, process, mounts, network, limits, privileges, artifacts,
                hostname, other);
    }

    /**
     * The same spec with variables added to the process environment: what only exists once the run starts
     * (its scoped token). Existing names are not replaced.
     */
    public SandboxSpec withAddedEnvironment(java.util.Map<String, String> added) {
        if (added.isEmpty()) {
            return this;
        }
        java.util.Map<String, String> env = new java.util.TreeMap<>(added);
        env.putAll(process.env());
        ProcessSpec p = new ProcessSpec(process.argv(), env, process.workdir(), process.uid(), process.gid());
        return new SandboxSpec(runId, skill, isolation, p, mounts, network, limits, privileges, artifacts, hostname,
                snapshot);
    }

    /** The image whose filesystem is the root, if the spec has one instead of the host's system directories. */
    public java.util.Optional<Mount.ImageRoot> imageRoot() {
        return mounts.stream()
                .filter(m -> m instanceof Mount.ImageRoot)
                .map(Mount.ImageRoot.class::cast)
                .findFirst();
    }

    /** The one writable, host-backed scratch mount (the working directory and artifact source). */
    public Mount.Scratch scratch() {
        return mounts.stream()
                .filter(m -> m instanceof Mount.Scratch)
                .map(Mount.Scratch.class::cast)
                .findFirst()
                .orElseThrow();
    }
}

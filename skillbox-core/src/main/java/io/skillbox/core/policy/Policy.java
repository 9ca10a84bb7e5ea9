package io.skillbox.core.policy;

import io.skillbox.core.trust.TrustPolicy;
import io.skillbox.spec.Isolation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's policy, fully resolved: a policy file is laid over the built-in default policy, so
 * every value here is present. The policy compiler reads it, and the trust check before each run reads
 * {@link #trust()}.
 *
 * @param source              where it came from: {@code builtin:default} or the file's path
 * @param defaults            resource values for what a manifest leaves out
 * @param ceilings            the most any manifest may ask for
 * @param defaultIsolation    the tier for manifests that do not ask for one
 * @param allowedIsolation    the tiers a manifest may ask for
 * @param defaultNetworkMode  the network mode for manifests that do not ask for one
 * @param allowedNetworkModes the modes a manifest may ask for ({@code none}, {@code broker}, {@code allowlist})
 * @param filesystem          which host paths the sandbox may see, and which never
 * @param seccompProfile      {@code builtin:default} or a path to a Docker/OCI-format seccomp profile
 * @param artifacts           caps on what comes back from {@code /work/out}
 * @param sandbox             identity inside the sandbox
 * @param trust               trust levels, publishers, revocations, and the tiers and modes each level may use
 * @param oversight           what outlives a run: state directory, audit log, forensics, behaviour contract
 * @param egress              what an allowlist may name, which special addresses the proxy may reach, its limits
 * @param credentials         the broker's providers, agents and their grants, the secret store, token lifetimes
 * @param containers          image references, container profiles, and whether skills must state their limits
 */
public record Policy(
        String source,
        ResourceValues defaults,
        ResourceValues ceilings,
        Isolation defaultIsolation,
        Set<Isolation> allowedIsolation,
        String defaultNetworkMode,
        Set<String> allowedNetworkModes,
        Filesystem filesystem,
        String seccompProfile,
        Artifacts artifacts,
        Sandbox sandbox,
        TrustPolicy trust,
        Oversight oversight,
        EgressPolicy egress,
        CredentialPolicy credentials,
        Containers containers) {

    public Policy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(ceilings, "ceilings");
        Objects.requireNonNull(defaultIsolation, "defaultIsolation");
        allowedIsolation = Set.copyOf(allowedIsolation);
        Objects.requireNonNull(defaultNetworkMode, "defaultNetworkMode");
        allowedNetworkModes = Set.copyOf(allowedNetworkModes);
        Objects.requireNonNull(filesystem, "filesystem");
        Objects.requireNonNull(seccompProfile, "seccompProfile");
        Objects.requireNonNull(artifacts, "artifacts");
        Objects.requireNonNull(sandbox, "sandbox");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(oversight, "oversight");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(containers, "containers");
    }

    /** The same policy with another trust section. */
    public Policy withTrust(TrustPolicy other) {
        return new Policy(source, defaults, ceilings, defaultIsolation, allowedIsolation, defaultNetworkMode,
                allowedNetworkModes, filesystem, seccompProfile, artifacts, sandbox, other, oversight, egress, credentials, containers);
    }

    /** The same policy with another oversight section (e.g. a test's own state directory). */
    public Policy withOversight(Oversight other) {
        return new Policy(source, defaults, ceilings, defaultIsolation, allowedIsolation, defaultNetworkMode,
                allowedNetworkModes, filesystem, seccompProfile, artifacts, sandbox, trust, other, egress, credentials, containers);
    }

    /** The same policy with another credentials section (e.g. a test's own providers). */
    public Policy withCredentials(CredentialPolicy other) {
        return new Policy(source, defaults, ceilings, defaultIsolation, allowedIsolation, defaultNetworkMode,
                allowedNetworkModes, filesystem, seccompProfile, artifacts, sandbox, trust, oversight, egress, other, containers);
    }

    /** The same policy with another egress section. */
    public Policy withEgress(EgressPolicy other) {
        return new Policy(source, defaults, ceilings, defaultIsolation, allowedIsolation, defaultNetworkMode,
                allowedNetworkModes, filesystem, seccompProfile, artifacts, sandbox, trust, oversight, other, credentials, containers);
    }

    /**
     * One full set of resource values (used both as defaults and as ceilings).
     *
     * @param tmpBytes size of the private /tmp; a policy-only value, manifests cannot ask for it
     */
    public record ResourceValues(
            long memoryBytes,
            long cpuMillis,
            int pids,
            Duration timeout,
            long outputBytes,
            long scratchBytes,
            long tmpBytes) {}

    /**
     * @param systemPaths  host paths mounted read-only so that interpreters run (e.g. {@code /usr});
     *                     symlinks among them (merged /usr) are recreated as symlinks
     * @param blockedPaths host paths no mount may expose, whatever else asks for them
     */
    public record Filesystem(List<String> systemPaths, List<Path> blockedPaths) {
        public Filesystem {
            systemPaths = List.copyOf(systemPaths);
            blockedPaths = List.copyOf(blockedPaths);
        }
    }

    /** The same policy with another containers section (e.g. a test's own images). */
    public Policy withContainers(Containers other) {
        return new Policy(source, defaults, ceilings, defaultIsolation, allowedIsolation, defaultNetworkMode,
                allowedNetworkModes, filesystem, seccompProfile, artifacts, sandbox, trust, oversight, egress, credentials, other);
    }

    /**
     * The policy's {@code images}, {@code profiles}, {@code defaults.profile} and {@code ceilings.requireLimits}.
     *
     * @param images         image references (python:3.12-slim) mapped to image files on this host; skillbox never pulls
     * @param profiles       container profiles by name (seed 002 III.A), checked when the policy was read
     * @param defaultProfile the profile of skills that name none
     * @param requireLimits  whether every skill must state its memory and cpus (seed 004's require_resource_limits)
     */
    public record Containers(Map<String, Path> images, Map<String, ContainerProfile> profiles,
            Optional<String> defaultProfile, boolean requireLimits) {
        public static final Containers NONE = new Containers(Map.of(), Map.of(), Optional.empty(), false);

        public Containers {
            images = Map.copyOf(images);
            profiles = Map.copyOf(profiles);
            Objects.requireNonNull(defaultProfile, "defaultProfile");
        }
    }

    /** @param maxFiles files collected from /work/out at most; @param maxBytes bytes at most over all */
    public record Artifacts(int maxFiles, long maxBytes) {}

    /**
     * @param uid      the skill's uid inside the sandbox (never 0)
     * @param gid      the skill's gid inside the sandbox (never 0)
     * @param hostname the sandbox's hostname
     */
    public record Sandbox(int uid, int gid, String hostname) {}

    /**
     * The policy's {@code state}, {@code audit}, {@code forensics} and {@code contract} sections.
     *
     * @param stateDir          where the audit log, host key, run records and forensics bundles live
     * @param auditFsync        {@code entry}, {@code run}, {@code checkpoint} or {@code none}
     * @param checkpointEvery   entries between signed checkpoints
     * @param forensicsOn       when a forensics bundle is written unasked: {@code violation}, {@code failure}
     * @param snapshotMaxFiles  files of /work kept for forensics at most
     * @param snapshotMaxBytes  bytes of /work kept for forensics at most
     * @param revokeAfter       contract violations after which a bundle is revoked; 0 never
     */
    public record Oversight(
            Path stateDir,
            String auditFsync,
            int checkpointEvery,
            Set<String> forensicsOn,
            int snapshotMaxFiles,
            long snapshotMaxBytes,
            int revokeAfter) {
        public Oversight {
            Objects.requireNonNull(stateDir, "stateDir");
            Objects.requireNonNull(auditFsync, "auditFsync");
            forensicsOn = Set.copyOf(forensicsOn);
        }

        public Oversight withStateDir(Path dir) {
            return new Oversight(dir, auditFsync, checkpointEvery, forensicsOn, snapshotMaxFiles, snapshotMaxBytes,
                    revokeAfter);
        }
    }
}

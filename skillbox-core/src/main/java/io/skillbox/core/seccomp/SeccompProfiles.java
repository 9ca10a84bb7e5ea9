package io.skillbox.core.seccomp;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.spec.SeccompProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Loads seccomp profiles by reference: {@code builtin:default} (our allowlist, see {@code default.md}
 * beside {@code default.json}) or an absolute path to a Docker-format or OCI-format JSON file.
 *
 * <p>{@code includes}/{@code excludes} are evaluated as Docker does: capabilities against the run's
 * capability set (normally empty), architectures against the host's, and {@code minKernel} against the
 * running kernel ({@code os.version}); a profile that uses minKernel where the kernel version is unknown is
 * refused rather than guessed. Architectures are narrowed to the host's family (x86_64 with x86 and x32,
 * aarch64 with arm), because no other architecture's syscalls can reach this kernel.
 *
 * <p>Profiles are read once: results are cached by (ref, capabilities, arch) and re-read only when the
 * file's modification time, size or identity changes.
 */
public final class SeccompProfiles {
    public static final String BUILTIN_DEFAULT = "builtin:default";
    static final String BUILTIN_PREFIX = "builtin:";
    /** Real profiles are tens of KiB; this bound keeps a wrong path (a log, a device) from being slurped. */
    static final int MAX_PROFILE_BYTES = 1 << 20;

    private record Key(String ref, Set<String> capabilities, String arch, Optional<KernelVersion> kernel) {}

    /** What the cached profile was read from; for built-ins the classpath never changes. */
    private record Stamp(long modifiedNanos, long size, Object fileKey) {
        static final Stamp BUILTIN = new Stamp(0, 0, "builtin");
    }

    private record Cached(Stamp stamp, SeccompProfile profile) {}

    private static final ConcurrentHashMap<Key, Cached> CACHE = new ConcurrentHashMap<>();

    private SeccompProfiles() {}

    /**
     * The profile {@code ref} resolved for one run.
     *
     * @param ref          {@code builtin:default} or an absolute file path
     * @param capabilities the capabilities the sandboxed process holds ({@code CAP_SYS_NICE} or
     *                     {@code SYS_NICE}); usually empty
     * @param arch         the host architecture in libseccomp, Go or Java spelling ({@code x86_64},
     *                     {@code amd64}, {@code aarch64}); see {@link #hostArch()}
     * @throws SkillboxException {@link ErrorCode#INVALID_POLICY} naming every bad field
     */
    public static SeccompProfile load(String ref, Set<String> capabilities, String arch) {
        return load(ref, capabilities, arch, KernelVersion.running());
    }

    static SeccompProfile load(String ref, Set<String> capabilities, String arch, Optional<KernelVersion> kernel) {
        String hostArch = SeccompArches.normalize(arch).orElseThrow(() -> new SkillboxException(
                ErrorCode.INVALID_REQUEST, "unknown architecture for seccomp: " + arch));
        Key key = new Key(ref, normalizeCaps(capabilities), hostArch, kernel);
        Stamp stamp = stamp(ref);
        Cached cached = CACHE.compute(key, (k, old) -> old != null && old.stamp().equals(stamp) ? old
                : new Cached(stamp, new ProfileReader(ref, k.capabilities(), hostArch, kernel).read(read(ref))));
        return cached.profile();
    }

    /** The JVM's architecture in libseccomp's spelling ({@code amd64} becomes {@code x86_64}). */
    public static String hostArch() {
        String arch = System.getProperty("os.arch", "");
        return SeccompArches.normalize(arch).orElseThrow(() -> new SkillboxException(
                ErrorCode.BACKEND_UNAVAILABLE, "seccomp does not know this host architecture: " + arch));
    }

    static Set<String> normalizeCaps(Set<String> capabilities) {
        Set<String> out = new TreeSet<>();
        for (String cap : capabilities) {
            String upper = cap.toUpperCase(Locale.ROOT);
            out.add(upper.startsWith("CAP_") ? upper : "CAP_" + upper);
        }
        return Set.copyOf(out);
    }

    private static Stamp stamp(String ref) {
        if (ref.startsWith(BUILTIN_PREFIX)) {
            return Stamp.BUILTIN;
        }
        Path path = path(ref);
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attrs.isRegularFile()) {
                throw invalid(ref, "is not a regular file", "point seccomp.profile at a JSON file");
            }
            if (attrs.size() > MAX_PROFILE_BYTES) {
                throw invalid(ref, "is larger than " + MAX_PROFILE_BYTES + " bytes", "is this really a profile?");
            }
            return new Stamp(attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS), attrs.size(), attrs.fileKey());
        } catch (NoSuchFileException e) {
            throw invalid(ref, "does not exist", "fix the path or use " + BUILTIN_DEFAULT);
        } catch (IOException e) {
            throw invalid(ref, "cannot be read: " + e.getMessage(), "check the file's permissions");
        }
    }

    private static byte[] read(String ref) {
        if (ref.startsWith(BUILTIN_PREFIX)) {
            String name = ref.substring(BUILTIN_PREFIX.length());
            // Only known names: the ref must not become a path into the classpath.
            if (!name.equals("default")) {
                throw invalid(ref, "is not a built-in profile", "use " + BUILTIN_DEFAULT);
            }
            try (InputStream in = SeccompProfiles.class.getResourceAsStream(name + ".json")) {
                if (in == null) {
                    throw new SkillboxException(ErrorCode.INTERNAL, "built-in seccomp profile missing: " + ref);
                }
                return in.readNBytes(MAX_PROFILE_BYTES);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            byte[] bytes = Files.readAllBytes(path(ref));
            if (bytes.length > MAX_PROFILE_BYTES) {
                throw invalid(ref, "is larger than " + MAX_PROFILE_BYTES + " bytes", "is this really a profile?");
            }
            return bytes;
        } catch (IOException e) {
            throw invalid(ref, "cannot be read: " + e.getMessage(), "check the path and its permissions");
        }
    }

    private static Path path(String ref) {
        Path path;
        try {
            path = Path.of(ref);
        } catch (InvalidPathException e) {
            throw invalid(ref, "is not a valid path: " + e.getReason(), "use an absolute path to a JSON profile");
        }
        if (!path.isAbsolute()) {
            throw invalid(ref, "is neither " + BUILTIN_DEFAULT + " nor an absolute path",
                    "use " + BUILTIN_DEFAULT + " or an absolute path to a JSON profile");
        }
        return path;
    }

    private static SkillboxException invalid(String ref, String problem, String fix) {
        return new SkillboxException(ErrorCode.INVALID_POLICY, "seccomp profile " + ref + " " + problem,
                List.of(new Violation(ProfileReader.FIELD, ref + " " + problem, fix)));
    }
}

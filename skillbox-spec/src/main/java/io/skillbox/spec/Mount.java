package io.skillbox.spec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of the sandbox's filesystem view, applied in list order. Targets are absolute sandbox
 * paths; sources are absolute host paths that the compiler has already checked against the policy's
 * blocked paths.
 */
public sealed interface Mount {

    /** The absolute path inside the sandbox. */
    String target();

    /**
     * The root filesystem from an OCI image instead of the host's system directories: {@code image} is an OCI
     * image layout directory, a tar of one, or a {@code docker save} tarball, which the backend unpacks, with
     * every digest verified, into a cached read-only tree. It comes first in a spec that has it; the other
     * mounts are laid over it.
     */
    record ImageRoot(Path image) implements Mount {
        public ImageRoot {
            requireAbsolute(image.toString(), "image");
        }

        @Override
        public String target() {
            return "/";
        }
    }

    /** A host file or directory made visible inside; read-only unless {@code readOnly} is false. */
    record Bind(Path source, String target, boolean readOnly) implements Mount {
        public Bind {
            requireAbsolute(source.toString(), "source");
            requireAbsolute(target, "target");
        }
    }

    /** A private, size-capped in-memory filesystem that disappears with the run. */
    record Tmpfs(String target, long sizeBytes, int mode) implements Mount {
        public Tmpfs {
            requireAbsolute(target, "target");
            requirePositive(sizeBytes, "sizeBytes");
        }
    }

    /**
     * The writable, size-capped scratch space (the working directory). Unlike {@link Tmpfs} it is
     * backed on the host for the duration of the run so that artifacts can be collected from it.
     */
    record Scratch(String target, long sizeBytes) implements Mount {
        public Scratch {
            requireAbsolute(target, "target");
            requirePositive(sizeBytes, "sizeBytes");
        }
    }

    /** A procfs for the sandbox's own pid namespace. */
    record Proc(String target) implements Mount {
        public Proc {
            requireAbsolute(target, "target");
        }
    }

    /** A minimal /dev: null, zero, full, random, urandom, tty and a private devpts. */
    record Dev(String target) implements Mount {
        public Dev {
            requireAbsolute(target, "target");
        }
    }

    /** A symbolic link inside the sandbox, e.g. {@code /bin -> usr/bin} on merged-/usr hosts. */
    record Symlink(String linkTarget, String target) implements Mount {
        public Symlink {
            Objects.requireNonNull(linkTarget, "linkTarget");
            requireAbsolute(target, "target");
        }
    }

    /** A small read-only file whose content skillbox writes, e.g. a synthetic /etc/passwd. */
    record DataFile(String target, String content, int mode) implements Mount {
        public DataFile {
            requireAbsolute(target, "target");
            Objects.requireNonNull(content, "content");
        }
    }

    private static void requireAbsolute(String path, String what) {
        Objects.requireNonNull(path, what);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(what + " must be an absolute path: " + path);
        }
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException(what + " must not contain '..': " + path);
            }
        }
    }

    private static void requirePositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }
}

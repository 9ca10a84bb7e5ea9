package io.skillbox.core.compile;

import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Manifest;
import io.skillbox.core.policy.Policy;
import io.skillbox.spec.Limits;
import io.skillbox.spec.Mount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sandbox's whole filesystem view, in mount order: read-only system paths (or an image's root filesystem
 * instead), private /proc and /dev, synthetic /etc files, the bundle at /skill, the manifest's extra files, the
 * files skillbox provides for the manifest's format (under /opt/skillbox), then the private /tmp and the scratch
 * /work. Nothing of the host appears unless listed here.
 */
final class MountPlan {
    /** Targets no {@code files:} entry may cover: the sandbox's own plumbing. */
    private static final List<String> RESERVED = List.of("/proc", "/dev", "/tmp", PolicyCompiler.WORKDIR,
            "/etc/passwd", "/etc/group", "/etc/hosts", "/etc/hostname");
    private static final int TMP_MODE = 01777;
    private static final int READ_ONLY_FILE = 0444;

    private MountPlan() {}

    static List<Mount> mounts(PolicyCompiler.Input in, Limits limits, List<Violation> violations) {
        Policy policy = in.policy();
        List<Mount> mounts = new ArrayList<>();
        Manifest.Runtime runtime = in.manifest().runtime();
        Optional<Path> image = runtime.image().flatMap(in.bundle()::resolve)
                .or(() -> runtime.imageReference().flatMap(ref -> operatorImage(ref, policy, violations)));
        if (image.isPresent()) {
            mounts.add(new Mount.ImageRoot(image.get()));
        } else {
            systemPaths(in.host(), policy, mounts, violations);
        }
        mounts.add(new Mount.Proc("/proc"));
        mounts.add(new Mount.Dev("/dev"));
        mounts.add(new Mount.Tmpfs("/dev/shm", limits.tmpBytes(), TMP_MODE));
        etcFiles(policy.sandbox(), mounts);
        bundle(in.bundle(), policy, mounts, violations);
        files(in.manifest().files(), in.bundle(), mounts, violations);
        provided(in.manifest().provided(), mounts, violations);
        mounts.add(new Mount.Tmpfs("/tmp", limits.tmpBytes(), TMP_MODE));
        mounts.add(new Mount.Scratch(PolicyCompiler.WORKDIR, limits.scratchBytes()));
        runtime.workdirAlias().ifPresent(alias -> mounts.add(new Mount.Symlink(PolicyCompiler.WORKDIR, alias)));
        return mounts;
    }

    /**
     * An image named by reference, which only the operator can provide: skillbox never pulls, and a skill never
     * names a host path. The policy's {@code images} map is the one place such a path comes from.
     */
    private static Optional<Path> operatorImage(String reference, Policy policy, List<Violation> violations) {
        Path file = policy.containers().images().get(reference);
        if (file == null) {
            violations.add(new Violation("runtime.image", "the image " + reference + " is a reference, and the policy's "
                    + "images map does not provide it; skillbox never pulls images",
                    "where the image is: docker save " + reference + " -o /var/lib/skillbox-images/IMAGE.tar; then in the "
                            + "policy: images: { \"" + reference + "\": /var/lib/skillbox-images/IMAGE.tar } (or put "
                            + "the tar in the bundle and name it by its bundle path)"));
            return Optional.empty();
        }
        return Optional.of(file);
    }

    private static void systemPaths(HostLayout host, Policy policy, List<Mount> mounts, List<Violation> violations) {
        for (var entry : host.entries().entrySet()) {
            String path = entry.getKey();
            switch (entry.getValue()) {
                case HostLayout.Entry.Present present -> {
                    Optional<Path> blocked = blockedBy(present.realPath(), policy);
                    if (blocked.isPresent()) {
                        violations.add(new Violation("(policy) filesystem.systemPaths",
                                path + " resolves to " + present.realPath() + ", which would expose the blocked path "
                                        + blocked.get(),
                                "remove " + path + " from filesystem.systemPaths"));
                    } else {
                        mounts.add(new Mount.Bind(present.realPath(), path, true));
                    }
                }
                case HostLayout.Entry.Link link -> mounts.add(new Mount.Symlink(link.linkText(), path));
                case HostLayout.Entry.Missing missing -> {
                    // Not on this host: nothing to show.
                }
            }
        }
    }

    private static void etcFiles(Policy.Sandbox sandbox, List<Mount> mounts) {
        mounts.add(new Mount.DataFile("/etc/passwd",
                "root:x:0:0:root:/nonexistent:/usr/sbin/nologin\n"
                        + "skill:x:" + sandbox.uid() + ":" + sandbox.gid() + ":skillbox skill:" + PolicyCompiler.WORKDIR
                        + ":/usr/sbin/nologin\n"
                        + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n", READ_ONLY_FILE));
        mounts.add(new Mount.DataFile("/etc/group",
                "root:x:0:\nskill:x:" + sandbox.gid() + ":\nnogroup:x:65534:\n", READ_ONLY_FILE));
        mounts.add(new Mount.DataFile("/etc/hosts",
                "127.0.0.1\tlocalhost\n::1\tlocalhost\n127.0.1.1\t" + sandbox.hostname() + "\n", READ_ONLY_FILE));
        mounts.add(new Mount.DataFile("/etc/hostname", sandbox.hostname() + "\n", READ_ONLY_FILE));
    }

    private static void bundle(BundleView bundle, Policy policy, List<Mount> mounts, List<Violation> violations) {
        for (Path blocked : policy.filesystem().blockedPaths()) {
            if (blocked.startsWith(bundle.root())) {
                violations.add(new Violation("(bundle)",
                        "the bundle directory " + bundle.root() + " contains the blocked host path " + blocked,
                        "run a directory that holds only the skill"));
            }
        }
        mounts.add(new Mount.Bind(bundle.root(), EntrypointResolver.BUNDLE_MOUNT, true));
    }

    private static void files(List<Manifest.FileMount> files, BundleView bundle, List<Mount> mounts,
            List<Violation> violations) {
        for (int i = 0; i < files.size(); i++) {
            Manifest.FileMount file = files.get(i);
            String field = "files[" + i + "]";
            Optional<Path> source = bundle.resolve(file.source());
            if (source.isEmpty()) {
                violations.add(new Violation(field + ".source", "'" + file.source() + "' is not in the bundle",
                        "name a file or directory inside the bundle, relative to its root"));
                continue;
            }
            String target = Path.of(file.target()).normalize().toString();
            if (target.equals("/") || RESERVED.stream().anyMatch(r -> target.equals(r) || target.startsWith(r + "/"))) {
                violations.add(new Violation(field + ".target", "'" + target + "' is reserved by the sandbox",
                        "mount it elsewhere, e.g. under /data; reserved: / " + String.join(" ", RESERVED)));
                continue;
            }
            if (target.equals(EntrypointResolver.BUNDLE_MOUNT)) {
                violations.add(new Violation(field + ".target", "the bundle itself is mounted at /skill",
                        "mount the file at another path"));
                continue;
            }
            if (target.startsWith(EntrypointResolver.BUNDLE_MOUNT + "/")
                    && bundle.resolve(target.substring(EntrypointResolver.BUNDLE_MOUNT.length() + 1)).isEmpty()) {
                violations.add(new Violation(field + ".target",
                        "'" + target + "' does not exist in the read-only bundle, so nothing can be mounted there",
                        "mount it outside /skill, e.g. under /data"));
                continue;
            }
            mounts.add(new Mount.Bind(source.get(), target, file.readOnly()));
        }
    }

    /**
     * skillbox's own files for the manifest's format (e.g. the Skillware runner): written by skillbox, read-only,
     * never from the bundle. They cannot be placed inside a read-only system path the policy binds over them.
     */
    private static void provided(List<Manifest.ProvidedFile> provided, List<Mount> mounts, List<Violation> violations) {
        for (Manifest.ProvidedFile file : provided) {
            mounts.stream().filter(m -> m instanceof Mount.Bind && file.target().startsWith(m.target() + "/")).findFirst()
                    .ifPresentOrElse(
                            covering -> violations.add(new Violation("(policy) filesystem.systemPaths",
                                    covering.target() + " is bound over " + file.target() + ", where skillbox places "
                                            + file.purpose(),
                                    "bind a directory below it instead, e.g. " + Manifest.ProvidedFile.PROVIDED_ROOT
                                            + "site-packages")),
                            () -> mounts.add(new Mount.DataFile(file.target(), file.content(), READ_ONLY_FILE)));
        }
    }

    /** A blocked path that binding {@code real} would expose: it is under one, or contains one. */
    private static Optional<Path> blockedBy(Path real, Policy policy) {
        return policy.filesystem().blockedPaths().stream()
                .filter(blocked -> real.startsWith(blocked) || blocked.startsWith(real))
                .findFirst();
    }
}

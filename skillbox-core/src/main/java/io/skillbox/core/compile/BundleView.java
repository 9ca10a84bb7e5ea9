package io.skillbox.core.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** The few questions the compiler asks about a bundle's files; a fake answers them in unit tests. */
public interface BundleView {

    /** The bundle directory (absolute, symlinks resolved). */
    Path root();

    /**
     * The real path of a bundle-relative regular file or directory, if it exists and stays inside the
     * bundle once symlinks are resolved.
     */
    Optional<Path> resolve(String relative);

    /** Whether {@code relative} names a regular file inside the bundle. */
    default boolean isFile(String relative) {
        return resolve(relative).filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).isPresent();
    }

    /** The real filesystem. */
    static BundleView of(Path root) {
        return new BundleView() {
            @Override
            public Path root() {
                return root;
            }

            @Override
            public Optional<Path> resolve(String relative) {
                Path candidate = root.resolve(relative).normalize();
                if (!candidate.startsWith(root)) {
                    return Optional.empty();
                }
                try {
                    Path real = candidate.toRealPath();
                    return real.startsWith(root) ? Optional.of(real) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        };
    }
}

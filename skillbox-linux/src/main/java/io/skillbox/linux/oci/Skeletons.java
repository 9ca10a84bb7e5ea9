package io.skillbox.linux.oci;

import io.skillbox.core.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Rootfs skeletons shared by the runs whose specs have the same shape (see {@link OciBundle#skeletonKey}): the
 * host's system directories are bound into it and the root is read-only in the container, so nothing writes
 * it after it is built. Building one costs a hundred-odd file operations (6 ms on the reference VM) that every
 * run paid before. A skeleton is built in a temporary directory and renamed into place whole; a concurrent
 * builder that loses the rename discards its copy. They live on the state directory's tmpfs, a few KiB each.
 */
final class Skeletons {
    private Skeletons() {}

    /** The skeleton for {@code bundle}'s shape under {@code dir}, built if missing. Its data files must exist. */
    static Path obtain(Path dir, OciBundle bundle) {
        Path skeleton = dir.resolve(bundle.skeletonKey());
        if (Files.isDirectory(skeleton)) {
            return skeleton;
        }
        Path tmp = dir.resolve("tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            bundle.writeSkeleton(tmp, false);
            Files.move(tmp, skeleton, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            FileTrees.delete(tmp); // another run built it first
        } catch (IOException | RuntimeException e) {
            FileTrees.delete(tmp);
            throw e instanceof IOException io ? new UncheckedIOException("cannot build the skeleton " + skeleton, io)
                    : (RuntimeException) e;
        }
        return skeleton;
    }
}

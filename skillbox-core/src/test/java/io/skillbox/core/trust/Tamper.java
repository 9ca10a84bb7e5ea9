package io.skillbox.core.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The ways a bundle made by {@link TrustFixtures#bundle} can be changed after it was signed. */
final class Tamper {
    private Tamper() {}

    static void apply(String change, Path dir) throws IOException {
        switch (change) {
            case "content" -> Files.writeString(dir.resolve("main.sh"), "echo pwned\n");
            case "mode" -> Files.setPosixFilePermissions(dir.resolve("main.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
            case "add" -> BundleHashTest.world(Files.writeString(dir.resolve("extra.sh"), "curl evil\n"));
            case "remove" -> Files.delete(dir.resolve("lib/util.sh"));
            case "rename" -> Files.move(dir.resolve("lib/util.sh"), dir.resolve("lib/utils.sh"));
            case "move" -> Files.move(dir.resolve("lib/util.sh"), dir.resolve("util.sh"));
            case "link" -> {
                Files.delete(dir.resolve("current.sh"));
                Files.createSymbolicLink(dir.resolve("current.sh"), Path.of("lib/util.sh"));
            }
            case "empty-dir" -> Files.setPosixFilePermissions(Files.createDirectory(dir.resolve("more")),
                    PosixFilePermissions.fromString("rwxr-xr-x"));
            case "dir-mode" -> Files.setPosixFilePermissions(dir.resolve("lib"), PosixFilePermissions.fromString("rwxrwxr-x"));
            case "root-mode" -> Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x"));
            default -> throw new IllegalArgumentException(change);
        }
    }
}

package io.skillbox.linux.image;

import java.util.Locale;

/**
 * The platform an image index entry must be for, in OCI terms.
 *
 * @param os           e.g. {@code linux}
 * @param architecture e.g. {@code amd64}, {@code arm64}
 */
record Platform(String os, String architecture) {
    /** The platform of this JVM's host, the only one whose binaries a sandbox can run. */
    static Platform host() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return new Platform("linux", switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        });
    }

    @Override
    public String toString() {
        return os + "/" + architecture;
    }
}

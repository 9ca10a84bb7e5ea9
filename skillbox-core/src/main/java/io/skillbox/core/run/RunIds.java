package io.skillbox.core.run;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Run ids: 12 hex digits of milliseconds since the epoch, then 8 random hex digits. They sort by start
 * time in logs and directory listings, and are valid cgroup, directory and hostname-label names.
 */
final class RunIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {}

    static String next() {
        byte[] random = new byte[4];
        RANDOM.nextBytes(random);
        return String.format("%012x", System.currentTimeMillis()) + "-" + HexFormat.of().formatHex(random);
    }
}

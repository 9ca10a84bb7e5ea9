package io.skillbox.cli.bench;

import io.skillbox.linux.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reaps zombie children that {@link ProcessBuilder} does not know about (orphans re-parented to us). */
final class Orphans {
    private Orphans() {}

    /**
     * Waits for every child of this JVM that is already a zombie, except {@code exceptPid} (which
     * {@link Process} reaps itself). Only zombies: waiting on a live child would block, and every live
     * child belongs to someone who waits for it.
     */
    static void reapZombies(long exceptPid) {
        ProcessHandle.current().children()
                .filter(child -> child.pid() != exceptPid && isZombie(child.pid()))
                .forEach(child -> Libc.waitpid((int) child.pid()));
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) S ...: comm may contain spaces and parentheses; the state follows the last ')'.
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            return false; // gone already
        }
    }
}

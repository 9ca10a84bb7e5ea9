package io.skillbox.cli.bench;

import io.skillbox.linux.sys.Libc;

/** Reaps zombie children that {@link ProcessBuilder} does not know about (orphans re-parented to us). */
final class Orphans {
    private Orphans() {}

    /**
     * Waits for every child of this JVM that is already a zombie, except {@code exceptPid} (which
     * {@link Process} reaps itself). Only zombies: waiting on a live child would block, and every live
     * child belongs to someone who waits for it.
     */
    static void reapZombies(long exceptPid) {
        long self = ProcessHandle.current().pid();
        ProcessHandle.current().children()
                .filter(child -> child.pid() != exceptPid
                        && io.skillbox.linux.host.Orphans.isZombieChildOf(child.pid(), self))
                .forEach(child -> Libc.waitpid((int) child.pid()));
    }
}

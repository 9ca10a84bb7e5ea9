package io.skillbox.linux.host;

import io.skillbox.linux.sys.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Reaps a run's orphans: processes of its sandbox whose parent (a runtime's intermediate process, or a runtime
 * that died before its container) exited first, so the kernel re-parented them to skillbox, a child subreaper,
 * where they would stay zombies. Only pids that were members of the run's cgroup moments before are considered,
 * and only while they are zombie children of this process: a zombie's pid cannot have been reused.
 */
public final class Orphans {
    private Orphans() {}

    /** Waits for each of {@code pids} that is now a zombie child of this process. */
    public static void reap(Collection<Integer> pids) {
        long self = ProcessHandle.current().pid();
        for (int pid : pids) {
            if (isZombieChildOf(pid, self)) {
                Libc.waitpid(pid);
            }
        }
    }

    /** From {@code /proc/<pid>/stat}: state {@code Z} and parent {@code parent}. */
    public static boolean isZombieChildOf(long pid, long parent) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) S ppid ...: comm may hold spaces and parentheses; the fields follow the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
            return fields[0].equals("Z") && Long.parseLong(fields[1]) == parent;
        } catch (IOException | RuntimeException e) {
            return false; // gone already
        }
    }
}

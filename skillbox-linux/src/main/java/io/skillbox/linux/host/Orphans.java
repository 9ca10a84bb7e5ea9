package io.skillbox.linux.host;

import io.skillbox.linux.sys.Libc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Reaps a run's orphans: processes of its sandbox whose parent (a runtime's intermediate process, or a runtime
 * that died before its container) exited first, so the kernel re-parented them to skillbox, a child subreaper,
 * where they would stay zombies. Only pids that were members of the run's cgroup moments before are considered,
 * and only while they are zombie children of this process: a zombie's pid cannot have been reused.
 *
 * <p>gVisor's ptrace stubs need more: children of the Sentry, they die with it and come to skillbox moments
 * after they left the run's cgroup, so no snapshot of its members holds them. They run as a host uid that only
 * such orphans run as among skillbox's children (gVisor's {@code nobody}), and are reaped by it:
 * {@link #reapOwnedBy}. And a runtime killed with the cgroup while it was starting the container leaves what
 * it had just forked: {@link #reapGroupOf}. Several runs may reap at once, so a zombie already reaped by another
 * is skipped.
 */
public final class Orphans {
    private static final Path PROC = Path.of("/proc");
    /** How long an orphan still exiting (killed, but not yet a zombie) is waited for. */
    private static final Duration DYING = Duration.ofSeconds(2);

    private Orphans() {}

    /** Waits for each of {@code pids} that is now a zombie child of this process. */
    public static void reap(Collection<Integer> pids) {
        long self = ProcessHandle.current().pid();
        for (int pid : pids) {
            if (isZombieChildOf(pid, self)) {
                Libc.reapIfExited(pid);
            }
        }
    }

    /**
     * Reaps every child of this process whose real uid is one of {@code uids}, giving those still exiting a
     * moment to become zombies; returns how many were reaped. The caller vouches that no other waiter wants
     * such a child: skillbox waits for its runtimes (root) and sandbox inits (a run's uid) itself.
     */
    public static int reapOwnedBy(Set<Integer> uids) {
        return reapWhere(c -> uids.contains(c.uid()));
    }

    /**
     * Reaps every child of this process in the process group that {@code leader}, a runtime skillbox spawned in a
     * group of its own and has reaped, led: what the runtime had started and not reaped, such as a child forked
     * but not yet executed when the run's cgroup was killed (a runtime joins that cgroup while it starts the
     * container, after skillbox took its last look at the members). Such zombies keep the group's id, the
     * leader's pid, from being reused while they wait. Returns how many were reaped.
     */
    public static int reapGroupOf(int leader) {
        // waitpid(-pgid) finds them without a look at every process of the host.
        long deadline = System.nanoTime() + DYING.toNanos();
        int reaped = 0;
        while (true) {
            int pid = Libc.reapGroupMember(leader);
            if (pid > 0) {
                reaped++;
            } else if (pid < 0 || System.nanoTime() > deadline || !pause()) {
                return reaped;
            }
        }
    }

    /** A moment for orphans still exiting; false when interrupted. */
    private static boolean pause() {
        try {
            Thread.sleep(10);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int reapWhere(Predicate<Child> orphan) {
        long deadline = System.nanoTime() + DYING.toNanos();
        int reaped = 0;
        while (true) {
            List<Child> orphans = children().stream().filter(orphan).toList();
            for (Child c : orphans) {
                if (c.zombie() && Libc.reapIfExited(c.pid())) {
                    reaped++;
                }
            }
            if (orphans.stream().allMatch(Child::zombie) || System.nanoTime() > deadline || !pause()) {
                return reaped;
            }
        }
    }

    /** From {@code /proc/<pid>/stat}: state {@code Z} and parent {@code parent}. */
    public static boolean isZombieChildOf(long pid, long parent) {
        return stat(PROC.resolve(Long.toString(pid))).map(f -> f[0].equals("Z") && Long.parseLong(f[1]) == parent)
                .orElse(false);
    }

    private record Child(int pid, boolean zombie, int uid) {}

    /** The children of this process, from /proc. */
    private static List<Child> children() {
        long self = ProcessHandle.current().pid();
        List<Child> children = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                // stat first: status, read only for the few children, costs as much again for every process.
                Optional<String[]> stat = stat(p);
                if (stat.isEmpty() || Long.parseLong(stat.get()[1]) != self) {
                    continue;
                }
                Optional<Integer> uid = realUid(p);
                if (uid.isPresent()) {
                    children.add(new Child(Integer.parseInt(name), stat.get()[0].equals("Z"), uid.get()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + PROC, e);
        }
        return children;
    }

    /**
     * The fields of {@code /proc/<pid>/stat} after the command: state, ppid, pgrp, the rest. The command may hold
     * spaces and parentheses, so the fields follow the last ')'. Empty once the process is gone.
     */
    private static Optional<String[]> stat(Path proc) {
        return read(proc.resolve("stat")).map(stat -> stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4))
                .filter(fields -> fields.length > 3);
    }

    private static Optional<Integer> realUid(Path proc) {
        return read(proc.resolve("status")).flatMap(status -> status.lines()
                .filter(l -> l.startsWith("Uid:"))
                .map(l -> Integer.parseUnsignedInt(l.substring(4).trim().split("\\s+")[0]))
                .findFirst());
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // reaped while we looked
        }
    }
}

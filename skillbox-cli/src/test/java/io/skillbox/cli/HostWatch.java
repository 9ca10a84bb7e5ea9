package io.skillbox.cli;

import io.skillbox.linux.host.HostSlots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Watches the host, from outside any sandbox, while a CLI call runs: the run cgroups that appear (each
 * run gets {@code skillbox/run-<run-id>} in every hierarchy), and the processes of this JVM's tree that
 * run as a sandbox host uid. Used to prove that a refused run started nothing. Other skillbox processes
 * on the host (a concurrent build) may create runs too, so cgroups are matched by run id and processes
 * by ancestry.
 */
final class HostWatch implements AutoCloseable {
    static final Path CGROUPS = Path.of("/sys/fs/cgroup");
    /** Every run's host uid is at least this. */
    static final long SANDBOX_UID_BASE = HostSlots.DEFAULT_BASE;

    private final long self = ProcessHandle.current().pid();
    private final Set<String> before;
    private final Set<String> newRunIds = ConcurrentHashMap.newKeySet();
    private final Set<String> sandboxProcesses = ConcurrentHashMap.newKeySet();
    private final Thread poller;
    private volatile boolean stopped;

    private HostWatch() {
        before = runIds();
        poller = Thread.ofPlatform().daemon().name("host-watch").start(() -> {
            while (!stopped) {
                scan();
            }
        });
    }

    static HostWatch start() {
        return new HostWatch();
    }

    /** Stops polling after one last look. */
    @Override
    public void close() {
        stopped = true;
        try {
            poller.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scan();
    }

    /** Ids of the runs whose cgroups appeared while watching. */
    Set<String> newRunIds() {
        return Set.copyOf(newRunIds);
    }

    /** "pid uid cmdline" of every process of this JVM's tree seen running as a sandbox uid. */
    Set<String> sandboxProcesses() {
        return Set.copyOf(sandboxProcesses);
    }

    private void scan() {
        for (String id : runIds()) {
            if (!before.contains(id)) {
                newRunIds.add(id);
            }
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String pid = p.getFileName().toString();
                if (!pid.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                Optional<Long> uid = status(p, "Uid").map(s -> Long.parseLong(s.split("\\s+")[0]));
                if (uid.isPresent() && uid.get() >= SANDBOX_UID_BASE && descendsFromSelf(Long.parseLong(pid))) {
                    sandboxProcesses.add(pid + " " + uid.get() + " "
                            + read(p.resolve("cmdline")).orElse("").replace('\0', ' ').strip());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean descendsFromSelf(long pid) {
        Set<Long> seen = new HashSet<>();
        long current = pid;
        while (current > 1 && seen.add(current)) {
            if (current == self) {
                return true;
            }
            Optional<Long> parent = status(Path.of("/proc", Long.toString(current)), "PPid").map(Long::parseLong);
            if (parent.isEmpty()) {
                return false;
            }
            current = parent.get();
        }
        return false;
    }

    private static Set<String> runIds() {
        Set<String> ids = new HashSet<>();
        try (Stream<Path> tree = Files.walk(CGROUPS, 6)) {
            tree.filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith("run-")
                            && p.getParent().getFileName().toString().equals("skillbox"))
                    .forEach(p -> ids.add(p.getFileName().toString().substring("run-".length())));
        } catch (IOException | UncheckedIOException e) {
            // a cgroup vanished while we walked; the next scan sees the rest
        }
        return ids;
    }

    private static Optional<String> status(Path proc, String field) {
        return read(proc.resolve("status")).orElse("").lines().filter(l -> l.startsWith(field + ":"))
                .map(l -> l.substring(field.length() + 1).trim()).findFirst();
    }

    private static Optional<String> read(Path p) {
        try {
            return Optional.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty(); // the process exited while we looked
        }
    }
}

package io.skillbox.linux.it;

import io.skillbox.linux.host.HostSlots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the host sees of sandboxes: processes, their credentials, mounts and cgroups. */
public final class HostView {
    private static final Path SLOTS = Path.of("/run/skillbox/slots");

    private HostView() {}

    /** A process as /proc shows it from the host. */
    public record Proc(int pid, String cmdline, Map<String, String> status) {
        public long hostUid() {
            return Long.parseLong(status.get("Uid").trim().split("\\s+")[0]);
        }
    }

    /** Every process whose command line contains {@code token}. */
    public static List<Proc> processesWith(String token) {
        List<Proc> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                read(p.resolve("cmdline")).map(c -> c.replace('\0', ' ')).filter(c -> c.contains(token))
                        .ifPresent(c -> found.add(new Proc(Integer.parseInt(name), c, status(p))));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** Every process running as one of skillbox's run uids. */
    public static List<Proc> processesOfSandboxUids() {
        List<Proc> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path p : entries.toList()) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                Map<String, String> status = status(p);
                if (status.containsKey("Uid")) {
                    Proc proc = new Proc(Integer.parseInt(p.getFileName().toString()),
                            read(p.resolve("cmdline")).orElse("").replace('\0', ' '), status);
                    if (proc.hostUid() >= HostSlots.DEFAULT_BASE) {
                        found.add(proc);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /**
     * Every host process of run {@code runId}: those in its cgroup ({@code .../skillbox/run-<runId>}, any
     * hierarchy). On every tier that is the whole sandbox as the host sees it: bwrap and the skill's processes,
     * runc's container, or gVisor's Sentry, Gofer and ptrace stubs, whose skill processes live inside the Sentry.
     */
    public static List<Proc> processesOfRun(String runId) {
        String member = "/skillbox/run-" + runId;
        List<Proc> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit) && read(p.resolve("cgroup")).orElse("").lines()
                        .anyMatch(l -> l.endsWith(member) || l.contains(member + "/"))) {
                    found.add(new Proc(Integer.parseInt(name), read(p.resolve("cmdline")).orElse("").replace('\0', ' '),
                            status(p)));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    /**
     * The zombie children of this JVM (the skillbox under test, a child subreaper), as "pid (comm) uid N":
     * processes that exited and that nobody reaped.
     */
    public static Map<Integer, String> zombieChildren() {
        long self = ProcessHandle.current().pid();
        Map<Integer, String> zombies = new TreeMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    read(p.resolve("stat")).filter(st -> {
                        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                        return f[0].equals("Z") && Long.parseLong(f[1]) == self;
                    }).ifPresent(st -> zombies.put(Integer.parseInt(name), name + " "
                            + st.substring(st.indexOf('('), st.lastIndexOf(')') + 1) + " uid "
                            + status(p).getOrDefault("Uid", "?").split("\\s+")[0]));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return zombies;
    }

    /**
     * The zombie children of this JVM that were not among {@code before}, once none is left or {@code patience}
     * has passed: children skillbox starts itself (runtime commands) are reaped by the JDK's reaper thread a
     * moment after they exit. Comparing with {@code before} keeps what other tests' own tooling left (e.g. a raw
     * bwrap started by the test itself) out of the verdict on skillbox's runs.
     */
    public static List<String> newZombieChildren(Set<Integer> before, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            List<String> fresh = zombieChildren().entrySet().stream().filter(e -> !before.contains(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            if (fresh.isEmpty() || System.nanoTime() > deadline) {
                return fresh;
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits for the file {@code token} that a skill writes into its /work with its run id ({@code echo
     * $SKILLBOX_RUN_ID > /work/TOKEN}), found from the host in the run's scratch space, and returns that run id:
     * how a test learns which run to inspect while it runs, on every tier.
     */
    public static String awaitRunId(String token, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> slots = Files.list(SLOTS)) {
                for (Path slot : slots.toList()) {
                    Optional<String> id = read(slot.resolve("work").resolve(token)).map(String::strip)
                            .filter(s -> !s.isEmpty());
                    if (id.isPresent()) {
                        return id.get();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no run wrote " + token + " into its /work within " + timeout);
    }

    /** Where a run's scratch space is on the host (see HostSlots): the slot of its host uid. */
    public static Path scratchOf(String token) {
        try (Stream<Path> slots = Files.list(SLOTS)) {
            return slots.map(s -> s.resolve("work")).filter(w -> Files.exists(w.resolve(token))).findFirst()
                    .orElseThrow(() -> new AssertionError("no scratch space holds " + token));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The namespace {@code kind} (net, mnt, user, pid) of process {@code pid} as its /proc link reads; empty once it exited. */
    public static Optional<String> namespace(long pid, String kind) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + kind)).toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The namespace {@code kind} of this JVM, which is the host's. */
    public static String hostNamespace(String kind) {
        return namespace(ProcessHandle.current().pid(), kind).orElseThrow();
    }

    /** Mount points (field 5 of mountinfo) of this process's mount namespace containing {@code fragment}. */
    public static List<String> mountsContaining(String fragment) {
        return read(Path.of("/proc/self/mountinfo")).orElse("").lines()
                .map(l -> l.split(" ")[4]).filter(m -> m.contains(fragment)).toList();
    }

    /** Directories named run-* below any skillbox cgroup parent, in every hierarchy. */
    public static List<Path> runCgroups() {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(Path.of("/sys/fs/cgroup"), 6)) {
            tree.filter(Files::isDirectory)
                    .filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith("run-"))
                    .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals("skillbox"))
                    .forEach(found::add);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }

    private static Map<String, String> status(Path proc) {
        Map<String, String> map = new TreeMap<>();
        read(proc.resolve("status")).ifPresent(s -> s.lines().forEach(line -> {
            int colon = line.indexOf(':');
            if (colon > 0) {
                map.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }));
        return map;
    }

    private static Optional<String> read(Path p) {
        try {
            return Optional.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty(); // the process exited while we looked
        }
    }
}

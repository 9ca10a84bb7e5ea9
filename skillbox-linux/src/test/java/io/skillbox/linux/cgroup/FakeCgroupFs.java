package io.skillbox.linux.cgroup;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

/**
 * An in-memory cgroupfs that records every write and mimics the kernel where the drivers depend on it:
 * cgroup.procs moves a pid within its hierarchy, cgroup.kill and SIGKILL empty it, subtree_control is
 * refused (EBUSY) on a non-root cgroup with processes, new directories get their hierarchy's control
 * files, and rmdir of a populated cgroup is EBUSY. Tests can also inject errno failures.
 */
final class FakeCgroupFs implements CgroupFs {
    private final Map<Path, String> files = new TreeMap<>();
    private final Set<Path> dirs = new TreeSet<>();
    /** hierarchy root -> control files every new cgroup in it gets. */
    private final Map<Path, Map<String, String>> templates = new LinkedHashMap<>();
    private final List<String> writes = new ArrayList<>();
    private final List<Integer> killed = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final Map<Path, Deque<Integer>> writeFailures = new HashMap<>();
    private final Map<Path, Deque<Integer>> rmdirFailures = new HashMap<>();
    private final Map<Path, int[]> locks = new HashMap<>(); // {shared holders, exclusive holders}
    private final Set<Path> readOnly = new LinkedHashSet<>();
    private final Set<Path> vanishOnRead = new HashSet<>();
    private IntConsumer onKill = pid -> {};

    /** Registers a hierarchy root with the control files its cgroups have. */
    FakeCgroupFs hierarchy(String root, Map<String, String> template) {
        Path path = Path.of(root);
        templates.put(path, new LinkedHashMap<>(template));
        dirs.add(path);
        template.forEach((name, value) -> files.put(path.resolve(name), value));
        return this;
    }

    /** Creates an existing cgroup (and its missing ancestors) with its hierarchy's control files. */
    FakeCgroupFs cgroup(String dir) {
        Path path = Path.of(dir);
        List<Path> missing = new ArrayList<>();
        for (Path p = path; p != null && !dirs.contains(p); p = p.getParent()) {
            missing.add(p);
        }
        for (Path created : missing) {
            dirs.add(created);
            template(created).forEach((name, value) -> files.put(created.resolve(name), value));
        }
        return this;
    }

    FakeCgroupFs file(String path, String content) {
        files.put(Path.of(path), content);
        return this;
    }

    /** The next read of {@code path} finds its cgroup removed under it. */
    FakeCgroupFs vanishOnRead(String path) {
        vanishOnRead.add(Path.of(path));
        return this;
    }

    FakeCgroupFs remove(String path) {
        files.remove(Path.of(path));
        return this;
    }

    FakeCgroupFs failWrite(String path, int errno, int times) {
        Deque<Integer> queue = writeFailures.computeIfAbsent(Path.of(path), p -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(errno);
        }
        return this;
    }

    FakeCgroupFs failRmdir(String path, int errno, int times) {
        Deque<Integer> queue = rmdirFailures.computeIfAbsent(Path.of(path), p -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(errno);
        }
        return this;
    }

    FakeCgroupFs readOnly(String path) {
        readOnly.add(Path.of(path));
        return this;
    }

    /** Runs after each SIGKILL, e.g. to simulate a fork that slipped in before the freeze. */
    FakeCgroupFs onKill(IntConsumer hook) {
        this.onKill = hook;
        return this;
    }

    /** Another process holds an exclusive lease on {@code dir}. */
    FakeCgroupFs lockedElsewhere(String dir) {
        locks.computeIfAbsent(Path.of(dir), p -> new int[2])[1]++;
        return this;
    }

    /** Every write so far as "path = value", in order. */
    List<String> writes() {
        return List.copyOf(writes);
    }

    /** Writes with {@code prefix} stripped from the path, for golden comparisons. */
    List<String> writesRelativeTo(String prefix) {
        return writes.stream().map(w -> w.startsWith(prefix + "/") ? w.substring(prefix.length() + 1) : w).toList();
    }

    void clearWrites() {
        writes.clear();
    }

    /** Directories removed so far, in order. */
    List<String> removed() {
        return List.copyOf(removed);
    }

    List<Integer> killed() {
        return List.copyOf(killed);
    }

    boolean isDir(String path) {
        return dirs.contains(Path.of(path));
    }

    boolean locked(String dir) {
        int[] holders = locks.get(Path.of(dir));
        return holders != null && (holders[0] > 0 || holders[1] > 0);
    }

    String content(String path) {
        return files.get(Path.of(path));
    }

    @Override
    public synchronized String read(Path file) {
        if (vanishOnRead.remove(file)) {
            // As a cgroup removed between open and read: the kernel says ENODEV, which NIO reports without errno.
            dirs.remove(file.getParent());
            files.keySet().removeIf(f -> f.startsWith(file.getParent()));
            throw CgroupException.io("read", file, CgroupException.UNKNOWN_ERRNO, "No such device");
        }
        String content = files.get(file);
        if (content == null) {
            throw CgroupException.io("read", file, CgroupException.ENOENT, "no such file");
        }
        return content;
    }

    @Override
    public synchronized void write(Path file, String value) {
        writes.add(file + " = " + value);
        Deque<Integer> failures = writeFailures.get(file);
        if (failures != null && !failures.isEmpty()) {
            throw CgroupException.io("write", file, failures.poll(), "injected");
        }
        if (!files.containsKey(file)) {
            throw CgroupException.io("open", file, CgroupException.ENOENT, "no such file");
        }
        Path dir = file.getParent();
        switch (file.getFileName().toString()) {
            case "cgroup.procs" -> movePid(dir, Integer.parseInt(value.trim()));
            case "cgroup.kill" -> procsUnder(dir).forEach(procs -> {
                files.put(procs, "");
                updateEvents(procs.getParent());
            });
            case "cgroup.subtree_control" -> subtreeControl(dir, value);
            case "cgroup.freeze" -> {
                files.put(file, value);
                files.put(dir.resolve("cgroup.events"), events(dir, value.equals("1")));
            }
            default -> files.put(file, value);
        }
    }

    private void movePid(Path dir, int pid) {
        Path root = rootOf(dir);
        for (Map.Entry<Path, String> entry : files.entrySet()) {
            if (entry.getKey().getFileName().toString().equals("cgroup.procs") && entry.getKey().startsWith(root)) {
                entry.setValue(without(entry.getValue(), pid));
            }
        }
        Path procs = dir.resolve("cgroup.procs");
        files.put(procs, files.get(procs) + pid + "\n");
        updateEvents(dir);
    }

    private void subtreeControl(Path dir, String value) {
        if (!templates.containsKey(dir) && !files.getOrDefault(dir.resolve("cgroup.procs"), "").isBlank()) {
            throw CgroupException.io("write '" + value + "' to", dir.resolve("cgroup.subtree_control"),
                    CgroupException.EBUSY, "device or resource busy");
        }
        Set<String> enabled = new TreeSet<>(CgroupV2Manager.words(files.get(dir.resolve("cgroup.subtree_control"))));
        for (String token : value.trim().split("\\s+")) {
            if (token.startsWith("+")) {
                enabled.add(token.substring(1));
            } else {
                enabled.remove(token.substring(1));
            }
        }
        files.put(dir.resolve("cgroup.subtree_control"), String.join(" ", enabled));
    }

    @Override
    public synchronized boolean exists(Path path) {
        return dirs.contains(path) || files.containsKey(path);
    }

    @Override
    public synchronized boolean writable(Path path) {
        return exists(path) && readOnly.stream().noneMatch(path::startsWith);
    }

    @Override
    public synchronized boolean mkdir(Path dir) {
        if (dirs.contains(dir)) {
            return false;
        }
        if (!dirs.contains(dir.getParent())) {
            throw CgroupException.io("mkdir", dir, CgroupException.ENOENT, "no parent");
        }
        dirs.add(dir);
        template(dir).forEach((name, value) -> files.put(dir.resolve(name), value));
        return true;
    }

    @Override
    public synchronized void rmdir(Path dir) {
        Deque<Integer> failures = rmdirFailures.get(dir);
        if (failures != null && !failures.isEmpty()) {
            throw CgroupException.io("rmdir", dir, failures.poll(), "injected");
        }
        if (!dirs.contains(dir)) {
            throw CgroupException.io("rmdir", dir, CgroupException.ENOENT, "no such directory");
        }
        boolean hasChildren = dirs.stream().anyMatch(d -> !d.equals(dir) && d.startsWith(dir));
        if (hasChildren || !files.getOrDefault(dir.resolve("cgroup.procs"), "").isBlank()) {
            throw CgroupException.io("rmdir", dir, CgroupException.EBUSY, "device or resource busy");
        }
        dirs.remove(dir);
        files.keySet().removeIf(p -> p.getParent().equals(dir));
        removed.add(dir.toString());
    }

    @Override
    public synchronized List<String> listDirs(Path dir) {
        return dirs.stream().filter(d -> dir.equals(d.getParent())).map(d -> d.getFileName().toString()).toList();
    }

    @Override
    public synchronized Optional<DirLock> tryLock(Path dir, boolean exclusive) {
        if (!dirs.contains(dir)) {
            throw CgroupException.io("open", dir, CgroupException.ENOENT, "no such directory");
        }
        int[] holders = locks.computeIfAbsent(dir, p -> new int[2]);
        if (holders[1] > 0 || (exclusive && holders[0] > 0)) {
            return Optional.empty();
        }
        holders[exclusive ? 1 : 0]++;
        boolean[] released = {false};
        return Optional.of(() -> {
            synchronized (this) {
                if (released[0]) {
                    throw new IllegalStateException("lease on " + dir + " released twice");
                }
                released[0] = true;
                holders[exclusive ? 1 : 0]--;
            }
        });
    }

    @Override
    public synchronized void kill(int pid) {
        killed.add(pid);
        for (Map.Entry<Path, String> entry : files.entrySet()) {
            if (entry.getKey().getFileName().toString().equals("cgroup.procs")) {
                entry.setValue(without(entry.getValue(), pid));
                updateEvents(entry.getKey().getParent());
            }
        }
        onKill.accept(pid);
    }

    /** Adds {@code pid} to {@code dir} as if it had been forked there (no write recorded). */
    synchronized void spawn(String dir, int pid) {
        Path procs = Path.of(dir).resolve("cgroup.procs");
        files.put(procs, files.getOrDefault(procs, "") + pid + "\n");
        updateEvents(Path.of(dir));
    }

    private void updateEvents(Path dir) {
        Path events = dir.resolve("cgroup.events");
        if (files.containsKey(events)) {
            boolean frozen = CgroupSupport.keyed(files.get(events), "frozen").orElse(0) == 1;
            files.put(events, events(dir, frozen));
        }
    }

    private String events(Path dir, boolean frozen) {
        boolean populated = procsUnder(dir).stream().anyMatch(p -> !files.get(p).isBlank());
        return "populated " + (populated ? 1 : 0) + "\nfrozen " + (frozen ? 1 : 0) + "\n";
    }

    private List<Path> procsUnder(Path dir) {
        return files.keySet().stream()
                .filter(p -> p.startsWith(dir) && p.getFileName().toString().equals("cgroup.procs")).toList();
    }

    private Path rootOf(Path dir) {
        return templates.keySet().stream().filter(dir::startsWith).findFirst()
                .orElseThrow(() -> new IllegalStateException(dir + " is in no registered hierarchy"));
    }

    private Map<String, String> template(Path dir) {
        return templates.getOrDefault(rootOf(dir), Map.of());
    }

    private static String without(String procs, int pid) {
        return Arrays.stream(procs.split("\n")).filter(l -> !l.isBlank() && Integer.parseInt(l.trim()) != pid)
                .map(l -> l + "\n").collect(Collectors.joining());
    }
}

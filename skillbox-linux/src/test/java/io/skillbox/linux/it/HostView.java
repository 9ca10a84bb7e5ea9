package io.skillbox.linux.it;

import io.skillbox.linux.host.HostSlots;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the host sees of sandboxes: processes, their credentials, mounts and cgroups. */
public final class HostView {
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

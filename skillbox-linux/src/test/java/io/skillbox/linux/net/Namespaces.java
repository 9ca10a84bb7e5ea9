package io.skillbox.linux.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** What the host sees of network namespaces: the {@code net:[inode]} names of descriptors and processes. */
public final class Namespaces {
    private Namespaces() {}

    /** The namespace a process or descriptor link names, e.g. {@code net:[4026532281]}. */
    public static String link(Path nsLink) {
        try {
            return Files.readSymbolicLink(nsLink).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The network namespace this JVM's main threads are in. */
    public static String host() {
        return link(Path.of("/proc/self/ns/net"));
    }

    /** Every network namespace this JVM holds a descriptor of. */
    public static Set<String> heldByDescriptors() {
        Set<String> held = new TreeSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("net:[")) {
                        held.add(target);
                    }
                } catch (IOException e) {
                    // closed while listing (the directory stream's own descriptor, for one)
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return held;
    }

    /** The pids of every process on the host in the network namespace {@code ns}. */
    public static Set<Integer> processesIn(String ns) {
        Set<Integer> pids = new TreeSet<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    try {
                        if (Files.readSymbolicLink(p.resolve("ns/net")).toString().equals(ns)) {
                            pids.add(Integer.parseInt(name));
                        }
                    } catch (IOException e) {
                        // the process exited while we looked
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }
}

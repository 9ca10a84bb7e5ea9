package io.skillbox.linux.bwrap;

import io.skillbox.core.backend.Availability;
import io.skillbox.linux.cgroup.CgroupManager;
import io.skillbox.linux.host.Executables;
import io.skillbox.linux.seccomp.SeccompCompiler;
import io.skillbox.linux.sys.Libc;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks whether this host can run the bwrap backend, and says how to fix what is missing. */
final class BwrapProbe {
    /** 0.8.0 added {@code --disable-userns}; {@code --size} and {@code --args} are older. */
    static final int[] MIN_VERSION = {0, 8, 0};
    private static final Pattern VERSION = Pattern.compile("bubblewrap (\\d+)\\.(\\d+)\\.(\\d+)");

    private BwrapProbe() {}

    /** Where bwrap is: /usr/bin/bwrap, else the first on PATH. */
    static Optional<Path> locate() {
        return Executables.locate("bwrap", "/usr/bin");
    }

    static Availability probe() {
        List<String> problems = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        String detail = "";
        Optional<Path> bwrap = locate();
        if (bwrap.isEmpty()) {
            problems.add("bubblewrap (bwrap) is not installed");
            fixes.add("apt-get install bubblewrap   (Fedora: dnf install bubblewrap)");
        } else {
            Optional<String> version = version(bwrap.get());
            detail = bwrap.get() + " " + version.orElse("(unknown version)");
            if (version.isEmpty() || !atLeast(version.get(), MIN_VERSION)) {
                problems.add("bubblewrap " + version.orElse("?") + " is too old: 0.8.0 or later is needed for --disable-userns");
                fixes.add("upgrade bubblewrap to 0.8.0 or later (Debian 12, Ubuntu 24.04 and Fedora 38 ship it)");
            }
        }
        if (Libc.geteuid() != 0) {
            problems.add("skillbox is not running as root: per-run cgroups, the scratch tmpfs and per-run host uids need it");
            fixes.add("run skillbox as root (sudo bin/skillbox ...); rootless operation is not supported yet");
        }
        userNamespaceProblem().ifPresent(p -> {
            problems.add(p);
            fixes.add("enable user namespaces: sysctl -w user.max_user_namespaces=15000 (and on Ubuntu 24.04+: "
                    + "sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or install an AppArmor profile for bwrap)");
        });
        CgroupManager.unavailableReason().ifPresent(p -> {
            problems.add(p);
            fixes.add("mount cgroup v2 at /sys/fs/cgroup (or the v1 memory, pids, cpu, cpuacct and freezer controllers) read-write");
        });
        SeccompCompiler.unavailableReason().ifPresent(p -> {
            problems.add(p);
            fixes.add("apt-get install libseccomp2");
        });
        return problems.isEmpty() ? Availability.ok(detail) : new Availability(false, detail, problems, fixes);
    }

    static Optional<String> version(Path bwrap) {
        try {
            Process p = new ProcessBuilder(bwrap.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = VERSION.matcher(out);
            return m.find() ? Optional.of(m.group(1) + "." + m.group(2) + "." + m.group(3)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static boolean atLeast(String version, int[] minimum) {
        String[] parts = version.split("\\.");
        for (int i = 0; i < minimum.length; i++) {
            int v = i < parts.length ? Integer.parseInt(parts[i]) : 0;
            if (v != minimum[i]) {
                return v > minimum[i];
            }
        }
        return true;
    }

    private static Optional<String> userNamespaceProblem() {
        if (readInt("/proc/sys/user/max_user_namespaces").orElse(1) <= 0) {
            return Optional.of("user namespaces are disabled (user.max_user_namespaces = 0)");
        }
        if (readInt("/proc/sys/kernel/unprivileged_userns_clone").orElse(1) == 0) {
            return Optional.of("unprivileged user namespaces are disabled (kernel.unprivileged_userns_clone = 0)");
        }
        if (readInt("/proc/sys/kernel/apparmor_restrict_unprivileged_userns").orElse(0) == 1) {
            return Optional.of("AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns = 1)");
        }
        return Optional.empty();
    }

    private static Optional<Integer> readInt(String path) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(Path.of(path)).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}

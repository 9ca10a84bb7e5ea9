package io.skillbox.linux.bwrap;

import io.skillbox.linux.host.BundleMount;
import io.skillbox.spec.Mount;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lowers a {@link SandboxSpec} to a bwrap invocation. Pure: no I/O, the same spec always gives the same
 * command, and golden files pin the output.
 *
 * <p>What the options guarantee, in the order they appear:
 * <ul>
 *   <li>new user, ipc, pid, uts and cgroup namespaces; creating further user namespaces is
 *       disabled ({@code --disable-userns}) on top of the seccomp filter refusing {@code unshare}/{@code clone};
 *   <li>a network namespace of the run's own with only loopback: for {@code none} a new one from bwrap
 *       ({@code --unshare-net}); for {@code broker} and {@code allowlist} none is asked of bwrap, because
 *       the launcher starts bwrap inside the namespace skillbox made and serves (the mode alone decides
 *       this, so the launcher must start such specs there, never in the host's namespace);
 *   <li>the sandbox dies with bwrap, and bwrap with the skillbox thread that started it;
 *   <li>a new session, so the skill cannot push input into a controlling terminal (TIOCSTI);
 *   <li>an unprivileged uid/gid inside, every capability dropped, {@code no_new_privs} (always set by bwrap);
 *   <li>a clean environment, only the spec's variables;
 *   <li>the spec's mounts in order on an empty root, which is then remounted read-only so nothing but
 *       the scratch space and the tmpfs mounts is writable.
 * </ul>
 */
public final class BwrapLowering {
    /** Fixed descriptor numbers; the data files (--ro-bind-data) follow from {@link #FIRST_DATA_FD}. */
    static final int STDIN_FD = 0;
    static final int STDOUT_FD = 1;
    static final int STDERR_FD = 2;
    static final int ARGS_FD = 3;
    static final int INFO_FD = 4;
    static final int BLOCK_FD = 5;
    static final int SECCOMP_FD = 6;
    static final int FIRST_DATA_FD = 7;

    private BwrapLowering() {}

    /**
     * Where the launcher put the run's host-side mounts.
     *
     * @param scratch the host directory backing the spec's {@link Mount.Scratch} (a size-capped tmpfs)
     * @param bundle  the read-only bind of the spec's bundle inside the run directory; bind sources
     *                inside the bundle are taken from here, where the sandbox's uid can reach them
     */
    public record HostMounts(Path scratch, Path bundle) {}

    public static BwrapCommand lower(SandboxSpec spec, HostMounts host) {
        List<String> o = new ArrayList<>();
        List<FdSource> fds = new ArrayList<>(List.of(
                new FdSource.Stdin(STDIN_FD),
                new FdSource.OutputPipe(STDOUT_FD, "stdout"),
                new FdSource.OutputPipe(STDERR_FD, "stderr"),
                new FdSource.Args(ARGS_FD),
                new FdSource.Info(INFO_FD),
                new FdSource.Block(BLOCK_FD),
                new FdSource.Seccomp(SECCOMP_FD, spec.privileges().seccomp().name())));

        o.addAll(List.of("--unshare-user", "--disable-userns", "--unshare-ipc", "--unshare-pid"));
        if (unsharesNet(spec.network())) {
            o.add("--unshare-net");
        }
        o.addAll(List.of("--unshare-uts", "--unshare-cgroup"));
        o.addAll(List.of("--die-with-parent", "--new-session"));
        o.addAll(List.of("--uid", Integer.toString(spec.process().uid()),
                "--gid", Integer.toString(spec.process().gid()),
                "--hostname", spec.hostname()));
        if (spec.privileges().capabilities().isEmpty()) {
            o.addAll(List.of("--cap-drop", "ALL"));
        } else {
            throw new IllegalArgumentException("the bwrap backend keeps no capabilities, spec asks for "
                    + spec.privileges().capabilities());
        }
        o.addAll(List.of("--info-fd", Integer.toString(INFO_FD), "--block-fd", Integer.toString(BLOCK_FD),
                "--seccomp", Integer.toString(SECCOMP_FD)));
        o.add("--clearenv");
        for (Map.Entry<String, String> env : spec.process().env().entrySet()) {
            o.addAll(List.of("--setenv", env.getKey(), env.getValue()));
        }

        int nextFd = FIRST_DATA_FD;
        for (Mount mount : spec.mounts()) {
            switch (mount) {
                case Mount.Bind bind -> o.addAll(List.of(bind.readOnly() ? "--ro-bind" : "--bind",
                        BundleMount.hostSource(bind.source(), spec.skill().bundle(), host.bundle()).toString(), bind.target()));
                case Mount.Scratch scratch -> o.addAll(List.of("--bind", host.scratch().toString(), scratch.target()));
                case Mount.Tmpfs tmpfs -> o.addAll(List.of("--perms", octal(tmpfs.mode()),
                        "--size", Long.toString(tmpfs.sizeBytes()), "--tmpfs", tmpfs.target()));
                case Mount.ImageRoot image -> throw new IllegalArgumentException(
                        "bwrap cannot show an image as the root filesystem: " + image.image());
                case Mount.Proc proc -> o.addAll(List.of("--proc", proc.target()));
                case Mount.Dev dev -> o.addAll(List.of("--dev", dev.target()));
                case Mount.Symlink link -> o.addAll(List.of("--symlink", link.linkTarget(), link.target()));
                case Mount.DataFile file -> {
                    fds.add(new FdSource.Data(nextFd, file.target(), file.content().getBytes(StandardCharsets.UTF_8)));
                    o.addAll(List.of("--perms", octal(file.mode()), "--ro-bind-data", Integer.toString(nextFd++),
                            file.target()));
                }
            }
        }
        // bwrap builds the root and /dev on tmpfs owned by the sandbox's uid; without this the skill
        // could write anywhere in them (/etc, new top-level directories, /dev entries). Remounting is not
        // recursive, so the scratch space and the tmpfs mounts (/tmp, /dev/shm) stay writable.
        for (Mount mount : spec.mounts()) {
            if (mount instanceof Mount.Dev dev) {
                o.addAll(List.of("--remount-ro", dev.target()));
            }
        }
        o.addAll(List.of("--remount-ro", "/"));
        o.addAll(List.of("--chdir", spec.process().workdir()));
        return new BwrapCommand(o, spec.process().argv(), fds);
    }

    /** Whether bwrap makes the run's network namespace, or the launcher starts bwrap in a served one. */
    private static boolean unsharesNet(NetworkSpec network) {
        return switch (network) {
            case NetworkSpec.None none -> true;
            case NetworkSpec.Broker broker -> false;
            case NetworkSpec.Allowlist allowlist -> false;
        };
    }

    private static String octal(int mode) {
        return String.format("%04o", mode);
    }
}

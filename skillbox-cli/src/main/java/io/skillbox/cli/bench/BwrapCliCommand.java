package io.skillbox.cli.bench;

import io.skillbox.spec.Mount;
import io.skillbox.spec.SandboxSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code bwrap-cli} baseline's command line: what a shell script would run for the same sandbox,
 * with only plain arguments. The same namespaces, uid, hostname, environment and filesystem view as
 * skillbox's lowering, but no seccomp filter, no info/block descriptors, no cgroup, the data files bound
 * from host files, and the scratch space a plain in-sandbox tmpfs. Pure: no I/O.
 */
public final class BwrapCliCommand {
    private BwrapCliCommand() {}

    /**
     * @param dataFiles host files holding the content of each {@link Mount.DataFile}, by sandbox target
     */
    public static List<String> argv(Path bwrap, SandboxSpec spec, Map<String, Path> dataFiles) {
        List<String> a = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all", "--unshare-user",
                "--disable-userns", "--die-with-parent", "--new-session",
                "--uid", Integer.toString(spec.process().uid()), "--gid", Integer.toString(spec.process().gid()),
                "--hostname", spec.hostname(), "--cap-drop", "ALL", "--clearenv"));
        spec.process().env().forEach((k, v) -> a.addAll(List.of("--setenv", k, v)));
        for (Mount m : spec.mounts()) {
            switch (m) {
                case Mount.Bind b -> a.addAll(List.of(b.readOnly() ? "--ro-bind" : "--bind", b.source().toString(),
                        b.target()));
                case Mount.Scratch s -> a.addAll(List.of("--size", Long.toString(s.sizeBytes()), "--tmpfs", s.target()));
                case Mount.Tmpfs t -> a.addAll(List.of("--perms", String.format("%04o", t.mode()),
                        "--size", Long.toString(t.sizeBytes()), "--tmpfs", t.target()));
                case Mount.ImageRoot image -> throw new IllegalArgumentException(
                        "bwrap cannot show an image as the root filesystem: " + image.image());
                case Mount.Proc p -> a.addAll(List.of("--proc", p.target()));
                case Mount.Dev d -> a.addAll(List.of("--dev", d.target()));
                case Mount.Symlink l -> a.addAll(List.of("--symlink", l.linkTarget(), l.target()));
                case Mount.DataFile f -> {
                    Path host = dataFiles.get(f.target());
                    if (host == null) {
                        throw new IllegalArgumentException("no host file for data file " + f.target());
                    }
                    a.addAll(List.of("--ro-bind", host.toString(), f.target()));
                }
            }
        }
        for (Mount m : spec.mounts()) {
            if (m instanceof Mount.Dev d) {
                a.addAll(List.of("--remount-ro", d.target()));
            }
        }
        a.addAll(List.of("--remount-ro", "/", "--chdir", spec.process().workdir(), "--"));
        a.addAll(spec.process().argv());
        return a;
    }
}

package io.skillbox.cli.bench;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.linux.cgroup.RuntimeCgroups;
import io.skillbox.linux.oci.OciBundle;
import io.skillbox.linux.oci.OciHost;
import io.skillbox.linux.oci.OciLowering;
import io.skillbox.linux.oci.OciRuntime;
import io.skillbox.linux.sys.Libc;
import io.skillbox.spec.NetworkSpec;
import io.skillbox.spec.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The raw baselines of the OCI tiers: the very {@code config.json} skillbox lowers the skill's spec to, in a bundle
 * written once, run by the runtime binary directly, as an unprivileged host uid over a plain scratch directory
 * and the bundle directory itself; none of skillbox's host-side work (slot, scratch tmpfs, cgroup, output
 * pumps, teardown). Two variants, each with a bundle, container id and cgroup of its own (a warm container waits
 * created while the cold one runs):
 * <ul>
 *   <li>{@code raw-<runtime>}: {@code <runtime> run} per run, the cold start;</li>
 *   <li>{@code raw-<runtime>-warm}: the container created ahead (untimed), then timed {@code start}, the wait for
 *       its exit and {@code delete}: what a warm pool of created containers could give at best.</li>
 * </ul>
 */
final class RawOci implements AutoCloseable {
    /** Where the raw runs' cgroups go, below the bench process's own: removed with {@link #removeCgroups}. */
    private static final String CGROUP_PARENT = "skillbox-bench";

    private final OciRuntime runtime;
    private final boolean warm;
    private final Path binary;
    private final Path dir;
    private final Path state;
    private final Path params;

    private RawOci(OciRuntime runtime, boolean warm, Path binary, Path dir, Path state, Path params) {
        this.runtime = runtime;
        this.warm = warm;
        this.binary = binary;
        this.dir = dir;
        this.state = state;
        this.params = params;
    }

    /** Writes the bundle for {@code spec} once; every run of the variant reuses it. */
    static RawOci open(SandboxSpec spec, OciRuntime runtime, boolean warm, Path binary, Path params) {
        if (!(spec.network() instanceof NetworkSpec.None)) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "bench: the raw " + runtime.binary()
                    + " baseline needs network mode none; this skill asks for " + spec.network().mode());
        }
        if (spec.imageRoot().isPresent()) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "bench: the raw " + runtime.binary()
                    + " baseline runs on the host's system directories; bench an image skill without it");
        }
        Path dir = TempDirs.create("skillbox-bench-oci-");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            Path scratch = Files.createDirectory(dir.resolve("scratch"));
            Files.setAttribute(scratch, "unix:uid", RawBaseline.UID);
            Files.setAttribute(scratch, "unix:gid", RawBaseline.UID);
            Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------"));
            OciHost host = new OciHost(dir.resolve("rootfs"), scratch, spec.skill().bundle(), dir.resolve("files"),
                    RawBaseline.UID, RawBaseline.UID + 1, Optional.empty(),
                    CGROUP_PARENT + "/" + name(runtime, warm));
            OciBundle bundle = OciLowering.lower(spec, host);
            bundle.write(host, dir, false);
            Path state = Files.createDirectory(dir.resolve("state"));
            return new RawOci(runtime, warm, binary, dir, state, params);
        } catch (IOException | RuntimeException e) {
            TempDirs.delete(dir);
            throw e instanceof IOException io ? new UncheckedIOException("cannot write the bench bundle in " + dir, io)
                    : (RuntimeException) e;
        }
    }

    /**
     * The raw variants' cgroup parent in every hierarchy, which the runtime makes and leaves (it removes only the
     * container's own); once every raw container is deleted.
     */
    static void removeCgroups() {
        RuntimeCgroups.remove(RuntimeCgroups.ofOwn(CGROUP_PARENT));
    }

    private static String name(OciRuntime runtime, boolean warm) {
        return "raw-" + runtime.binary() + (warm ? "-warm" : "");
    }

    /** {@code raw-<runtime>}: one {@code run}, stdin from the params file, stdout discarded; otherwise warm. */
    Variant variant() {
        if (!warm) {
            return new ProcessVariant(name(runtime, false), command("run", "--bundle", dir.toString(), id()), params, dir);
        }
        Libc.becomeChildSubreaper(); // the created container's init comes to us, as in skillbox
        return new Variant() {
            private boolean created;

            @Override
            public String name() {
                return RawOci.name(runtime, true);
            }

            @Override
            public void runOnce(boolean measured) {
                if (!created) {
                    create();
                }
                created = false;
                exec("start", id());
                if (runtime != OciRuntime.RUNSC) { // runc, crun: the init, re-parented to us, is the skill
                    int status = Libc.waitpid(pid());
                    if (status != 0) {
                        throw new SkillboxException(ErrorCode.INTERNAL, "bench: the warm " + runtime.binary()
                                + " container exited with wait status " + status);
                    }
                } else {
                    exec("wait", id());
                }
                exec("delete", "--force", id());
            }

            /** The next container, created outside the timing. */
            @Override
            public void afterRun() {
                Orphans.reapZombies(-1);
                create();
                created = true;
            }
        };
    }

    private void create() {
        try {
            Files.deleteIfExists(dir.resolve("pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exec("create", "--bundle", dir.toString(), "--pid-file", dir.resolve("pid").toString(), id());
    }

    private int pid() {
        try {
            return Integer.parseInt(Files.readString(dir.resolve("pid")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String id() {
        return "skillbox-bench-" + name(runtime, warm).substring("raw-".length());
    }

    private List<String> command(String... subcommand) {
        List<String> argv = new ArrayList<>(List.of(binary.toString()));
        argv.addAll(runtime.globalArgs(state, new NetworkSpec.None()));
        argv.addAll(List.of(subcommand));
        return argv;
    }

    /** Runs a runtime subcommand to completion; its stdin is the params file, its output discarded. */
    private void exec(String... subcommand) {
        List<String> argv = command(subcommand);
        try {
            Process p = new ProcessBuilder(argv).redirectInput(params.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("runtime.err").toFile())
                    .start();
            int code = p.waitFor();
            if (code != 0) {
                throw new SkillboxException(ErrorCode.INTERNAL, "bench: " + String.join(" ", argv) + " exited " + code
                        + ": " + Files.readString(dir.resolve("runtime.err"), StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bench: cannot run " + argv.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkillboxException(ErrorCode.INTERNAL, "bench: interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder(command("delete", "--force", id())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // nothing was created
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Orphans.reapZombies(-1);
            TempDirs.delete(dir);
        }
    }
}

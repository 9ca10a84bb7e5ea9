package io.skillbox.linux.bwrap;

import io.skillbox.core.json.Json;
import io.skillbox.linux.sys.Libc;
import io.skillbox.linux.sys.Spawner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The real descriptors behind a {@link BwrapCommand}'s {@link FdSource}s: the child's copies (closed in
 * skillbox right after the spawn) and skillbox's own ends of the pipes.
 */
final class ChildFds implements AutoCloseable {
    private final List<Spawner.FdMapping> mappings = new ArrayList<>();
    private final List<Integer> childSide = new ArrayList<>();
    int stdoutRead = -1;
    int stderrRead = -1;
    int infoRead = -1;
    int blockWrite = -1;

    /** Creates every descriptor; on failure closes what it created. */
    static ChildFds create(BwrapCommand command, byte[] stdin, byte[] seccompBpf) {
        ChildFds fds = new ChildFds();
        try {
            for (FdSource source : command.fds()) {
                fds.add(source, command, stdin, seccompBpf);
            }
            return fds;
        } catch (RuntimeException e) {
            fds.close();
            throw e;
        }
    }

    private void add(FdSource source, BwrapCommand command, byte[] stdin, byte[] seccompBpf) {
        switch (source) {
            case FdSource.Stdin s -> give(s.childFd(), Libc.memfdWith("skillbox-stdin", stdin));
            case FdSource.Args a -> give(a.childFd(), Libc.memfdWith("skillbox-args", nulSeparated(command.options())));
            case FdSource.Seccomp s -> give(s.childFd(), Libc.memfdWith("skillbox-seccomp", seccompBpf));
            case FdSource.Data d -> give(d.childFd(), Libc.memfdWith("skillbox-data", d.content()));
            case FdSource.OutputPipe o -> {
                int[] pipe = Libc.pipe2(Libc.O_CLOEXEC);
                if (o.stream().equals("stdout")) {
                    stdoutRead = pipe[0];
                } else {
                    stderrRead = pipe[0];
                }
                give(o.childFd(), pipe[1]);
            }
            case FdSource.Info i -> {
                int[] pipe = Libc.pipe2(Libc.O_CLOEXEC);
                infoRead = pipe[0];
                give(i.childFd(), pipe[1]);
            }
            case FdSource.Block b -> {
                int[] pipe = Libc.pipe2(Libc.O_CLOEXEC);
                blockWrite = pipe[1];
                give(b.childFd(), pipe[0]);
            }
        }
    }

    private void give(int childFd, int fd) {
        int moved;
        try {
            moved = Libc.dupCloexec(fd, Spawner.FIRST_PARENT_FD);
        } finally {
            Libc.close(fd);
        }
        childSide.add(moved);
        mappings.add(new Spawner.FdMapping(moved, childFd));
    }

    private static byte[] nulSeparated(List<String> options) {
        StringBuilder sb = new StringBuilder();
        for (String option : options) {
            if (option.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL byte in a bwrap option");
            }
            sb.append(option).append('\0');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads bwrap's info pipe to its end and returns the sandbox's pid (its pid 1, as skillbox's pid
     * namespace sees it), or -1 if bwrap exited before creating the sandbox.
     */
    int readSandboxPid() {
        byte[] info = Libc.readAll(infoRead, 64 * 1024);
        Libc.close(infoRead);
        infoRead = -1;
        return info.length == 0 ? -1 : Json.json().readTree(info).path("child-pid").asInt();
    }

    int takeStdoutRead() {
        int fd = stdoutRead;
        stdoutRead = -1;
        return fd;
    }

    int takeStderrRead() {
        int fd = stderrRead;
        stderrRead = -1;
        return fd;
    }

    List<Spawner.FdMapping> mappings() {
        return List.copyOf(mappings);
    }

    /** Closes skillbox's copies of the child's descriptors; the child keeps its own. */
    void closeChildSide() {
        childSide.forEach(Libc::closeQuietly);
        childSide.clear();
    }

    @Override
    public void close() {
        closeChildSide();
        for (int fd : new int[] {stdoutRead, stderrRead, infoRead, blockWrite}) {
            Libc.closeQuietly(fd);
        }
        stdoutRead = stderrRead = infoRead = blockWrite = -1;
    }
}

package io.skillbox.linux.bwrap;

/**
 * What one descriptor handed to bwrap is. The launcher turns each into a real descriptor; the lowering
 * only numbers them, so that golden files show the complete plan without any I/O.
 */
public sealed interface FdSource {

    /** The descriptor number bwrap sees. */
    int childFd();

    /** One line for {@code skillbox check} and golden files. */
    String describe();

    /** The params document, as a sealed in-memory file (fd 0): no writer thread, no pipe buffer to fill. */
    record Stdin(int childFd) implements FdSource {
        @Override
        public String describe() {
            return "stdin: the params document (memfd)";
        }
    }

    /** A pipe whose read end skillbox drains with a byte cap ({@code stdout} or {@code stderr}). */
    record OutputPipe(int childFd, String stream) implements FdSource {
        @Override
        public String describe() {
            return stream + ": pipe, capped while streaming";
        }
    }

    /** bwrap's options, NUL-separated ({@code --args}): keeps environment values out of /proc/PID/cmdline. */
    record Args(int childFd) implements FdSource {
        @Override
        public String describe() {
            return "--args: the options above (memfd)";
        }
    }

    /** bwrap writes the sandbox's pid here once it exists ({@code --info-fd}). */
    record Info(int childFd) implements FdSource {
        @Override
        public String describe() {
            return "--info-fd: pipe; skillbox reads the sandbox pid";
        }
    }

    /** bwrap waits on this before exec'ing the skill ({@code --block-fd}), until the run's cgroup holds it. */
    record Block(int childFd) implements FdSource {
        @Override
        public String describe() {
            return "--block-fd: pipe; released after the sandbox joined its cgroup";
        }
    }

    /** The compiled BPF program of the spec's seccomp profile ({@code --seccomp}). */
    record Seccomp(int childFd, String profile) implements FdSource {
        @Override
        public String describe() {
            return "--seccomp: BPF of " + profile + " (memfd)";
        }
    }

    /** Bytes bwrap copies into a read-only file inside the sandbox ({@code --ro-bind-data}). */
    record Data(int childFd, String target, byte[] content) implements FdSource {
        @Override
        public String describe() {
            return "data for " + target + " (" + content.length + " bytes, memfd)";
        }
    }
}

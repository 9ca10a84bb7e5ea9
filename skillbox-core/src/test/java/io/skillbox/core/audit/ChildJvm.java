package io.skillbox.core.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link AuditChild} on this test's class path, with the ready/go handshake. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderr = stderr;
    }

    /** Starts the child and waits until it is ready. */
    static ChildJvm start(Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AuditChild.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        ChildJvm child = new ChildJvm(process, stderr);
        child.expect("ready");
        return child;
    }

    void go() throws IOException {
        OutputStream in = process.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Ends stdin, which releases a {@code lock} child. */
    void endInput() throws IOException {
        process.getOutputStream().close();
    }

    void expect(String line) throws IOException {
        String got = stdout.readLine();
        if (!line.equals(got)) {
            throw new IllegalStateException("the child printed " + got + " instead of " + line + "; stderr: "
                    + Files.readString(stderr));
        }
    }

    /** Waits for a normal exit; fails with the child's stderr otherwise. */
    void awaitSuccess() throws IOException, InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("the child did not exit cleanly; stderr: " + Files.readString(stderr));
        }
    }

    /** SIGKILL: the child gets no chance to finish a write or run a shutdown hook. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}

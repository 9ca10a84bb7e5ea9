package io.skillbox.cli.bench;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A variant that starts a process per run with {@link ProcessBuilder} ({@code cli}: {@code skillbox run};
 * {@code bwrap-cli}: a plain bwrap command line): stdin from a file, stdout discarded, stderr kept for
 * the error message. The time is the process's whole life as its parent sees it.
 */
final class ProcessVariant implements Variant {
    private final String name;
    private final ProcessBuilder builder;
    private long lastPid = -1;

    ProcessVariant(String name, List<String> command, Path stdin, Path workDir) {
        this.name = name;
        this.builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectInput(stdin.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void runOnce(boolean measured) {
        try {
            Process p = builder.start();
            lastPid = p.pid();
            byte[] err = p.getErrorStream().readAllBytes();
            int code = p.waitFor();
            if (code != 0) {
                throw new SkillboxException(ErrorCode.INTERNAL, "bench: the " + name + " run exited " + code + ": "
                        + String.join(" ", builder.command()) + "\n" + new String(err, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new SkillboxException(ErrorCode.INTERNAL, "bench: cannot start " + builder.command().getFirst()
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkillboxException(ErrorCode.INTERNAL, "bench: interrupted", e);
        }
    }

    /**
     * bwrap's monitor exits without waiting for the sandbox's pid 1, which is then re-parented to this JVM
     * (skillbox makes it a child subreaper) and would stay a zombie: reap it, outside the timing.
     */
    @Override
    public void afterRun() {
        Orphans.reapZombies(lastPid);
    }
}

package io.skillbox.linux.host;

import io.skillbox.core.backend.Availability;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A backend's host services and tool, opened on its first run (never by {@code check} or {@code doctor}, which
 * only lower and probe) and closed with the backend. A backend that is unavailable refuses the run with its
 * problems.
 */
public final class LazyHost implements AutoCloseable {
    /** The open host and the located tool (bwrap, runc, ...). */
    public record Opened(LinuxHost host, Path tool) {}

    private final String backend;
    private final LinuxHost.Config config;
    private final Supplier<Availability> availability;
    private final Supplier<Optional<Path>> locate;
    private volatile Opened opened;

    public LazyHost(String backend, LinuxHost.Config config, Supplier<Availability> availability,
            Supplier<Optional<Path>> locate) {
        this.backend = backend;
        this.config = config;
        this.availability = availability;
        this.locate = locate;
    }

    public Opened get() {
        Opened o = opened;
        if (o == null) {
            synchronized (this) {
                o = opened;
                if (o == null) {
                    Availability a = availability.get();
                    if (!a.available()) {
                        throw new SkillboxException(ErrorCode.BACKEND_UNAVAILABLE,
                                "the " + backend + " backend cannot run here: " + String.join("; ", a.problems()));
                    }
                    Path tool = locate.get().orElseThrow();
                    o = new Opened(LinuxHost.open(config), tool);
                    opened = o;
                }
            }
        }
        return o;
    }

    /** {@link LinuxHost#awaitReleased}, if the host was opened. */
    public boolean awaitReleased(Duration timeout) {
        Opened o = opened;
        return o == null || o.host().awaitReleased(timeout);
    }

    @Override
    public void close() {
        Opened o = opened;
        if (o != null) {
            o.host().close();
        }
    }
}

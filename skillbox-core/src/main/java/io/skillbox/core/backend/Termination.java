package io.skillbox.core.backend;

/** How a run's process tree ended, as the backend observed it. */
public sealed interface Termination {

    /** The skill's main process exited by itself with this code. */
    record Exited(int code) implements Termination {}

    /** The skill's main process was killed by this signal, not by skillbox. */
    record Signaled(int signal) implements Termination {}

    /** The wall-clock timeout passed; skillbox killed the whole tree. */
    record TimedOut() implements Termination {}

    /** The kernel's OOM killer acted inside the run's memory limit. */
    record MemoryExceeded() implements Termination {}

    /** The skill wrote more than its cap on this stream ({@code stdout} or {@code stderr}); skillbox killed the tree. */
    record OutputExceeded(String stream) implements Termination {}

    /** The caller cancelled the run; skillbox killed the tree. */
    record Cancelled(String reason) implements Termination {}

    /** The sandbox could not be set up; the skill never ran. This is skillbox's or the host's fault. */
    record SetupFailed(String message) implements Termination {}
}

package io.skillbox.core.audit;

/** When the writer forces appended entries to stable storage; what a power loss may cost. */
public enum FsyncPolicy {
    /** {@code fdatasync} after every entry: a power loss loses nothing that {@code append} returned. */
    ENTRY,
    /**
     * When the caller says a decision point is reached ({@link AuditLog#sync()}: skillbox calls it before a
     * skill's first instruction and when a run ends), at checkpoints and at close. A power loss may lose a
     * run's entries only while nothing of it is settled: never a started run's start, never a result given out.
     */
    RUN,
    /** Only when a checkpoint is written and at close: a power loss may lose the unsigned tail. */
    CHECKPOINT,
    /** Never; the page cache decides. For tests and benchmarks. A process crash still loses nothing. */
    NONE
}

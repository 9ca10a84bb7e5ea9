package io.skillbox.core.audit;

/** When the writer forces appended entries to stable storage; what a power loss may cost. */
public enum FsyncPolicy {
    /** {@code fdatasync} after every entry: a power loss loses nothing that {@code append} returned. */
    ENTRY,
    /** Only when a checkpoint is written and at close: a power loss may lose the unsigned tail. */
    CHECKPOINT,
    /** Never; the page cache decides. For tests and benchmarks. A process crash still loses nothing. */
    NONE
}

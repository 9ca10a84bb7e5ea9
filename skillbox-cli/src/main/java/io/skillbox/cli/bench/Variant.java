package io.skillbox.cli.bench;

/** One way of running the skill, timed by {@link BenchRun} around {@link #runOnce}. */
public interface Variant {
    String name();

    /**
     * Runs the skill once, to completion; throws when the run did not succeed.
     *
     * @param measured false for warm-up runs, whose side measurements (phases) must be dropped too
     */
    void runOnce(boolean measured);

    /** Untimed housekeeping after each run. */
    default void afterRun() {}
}

/**
 * Per-run cgroups on cgroup v1 and v2: limits memory (swap included), CPU bandwidth and pids, reports
 * usage, OOM kills and pids-limit hits, and kills a run's whole process tree without racing its forks.
 *
 * <p>Layout: {@code <JVM's own cgroup>/skillbox/run-<runId>} in every hierarchy used, so outer limits on
 * the JVM still apply and delegated (non-root) cgroups work. The parent is created on demand and never
 * removed (concurrent runs share it). Which directories those are comes from
 * {@code /proc/self/mountinfo} and {@code /proc/self/cgroup}; nothing assumes {@code /sys/fs/cgroup}
 * names, so co-mounted v1 controllers ({@code cpu,cpuacct}) and container mounts work.
 *
 * <p>cgroup v2 forbids processes in a cgroup that has controllers enabled for its children (the
 * "no internal processes" rule; only the real root is exempt). If the JVM's own cgroup holds processes
 * and enabling {@code +memory +pids +cpu} in its {@code cgroup.subtree_control} fails with EBUSY, every
 * process of that cgroup, this JVM included, is moved into the leaf {@code <own>/skillbox-supervisor}
 * first, and the write is retried. A later detection in the same JVM sees itself in that leaf and uses
 * its parent again. Limits set on the own cgroup keep applying to both subtrees.
 *
 * <p>Ownership across JVMs: the creating JVM holds an flock on the run directory (memory hierarchy on
 * v1) until close; the kernel drops it if the JVM dies, which is how {@code sweepStale} tells leftovers of
 * crashed JVMs from live runs of other JVMs sharing the same cgroup.
 *
 * <p>All host access goes through {@link io.skillbox.linux.cgroup.CgroupFs}, so the drivers are unit
 * tested against a recording fake; {@code CgroupV1IT} runs them on a real v1 host.
 */
package io.skillbox.linux.cgroup;

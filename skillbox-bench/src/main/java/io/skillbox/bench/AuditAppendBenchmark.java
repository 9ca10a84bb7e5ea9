package io.skillbox.bench;

import io.skillbox.cli.bench.TempDirs;
import io.skillbox.core.audit.AuditEntry;
import io.skillbox.core.audit.AuditLog;
import io.skillbox.core.audit.AuditOptions;
import io.skillbox.core.audit.FsyncPolicy;
import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log's write path, for each {@link FsyncPolicy}, from one thread:
 * <ul>
 *   <li>{@link #append}: one {@code run.finished}-sized entry, a checkpoint every 64 as by default, so
 *       the figure includes the signing amortised over 64 entries;
 *   <li>{@link #appendAndCheckpoint}: an entry and then a checkpoint; less {@code append}, this is what a
 *       checkpoint costs (Ed25519 signature, the head file written and renamed, and per policy fsyncs).
 * </ul>
 * The log lives under /var/tmp, on disk: /tmp may be a tmpfs, where an fsync costs nothing. See
 * docs/BENCHMARKS.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AuditAppendBenchmark {
    @Param({"ENTRY", "CHECKPOINT", "NONE"})
    public FsyncPolicy fsync;

    private Path dir;
    private AuditLog log;
    private ObjectNode data;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "skillbox-audit-bench-");
        log = AuditLog.open(dir.resolve("audit.jsonl"), HostKey.of(Ed25519.generate()),
                new AuditOptions(fsync, AuditOptions.DEFAULT.checkpointEvery()));
        data = Json.json().createObjectNode();
        data.put("status", "succeeded").put("exitCode", 0).put("wallMs", 41.7).put("backend", "bwrap");
        data.putObject("usage").put("cpuMs", 12).put("maxRssBytes", 7_340_032).put("stdoutBytes", 2);
        data.putArray("artifacts").add("out/report.json");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            if (log != null) {
                log.close();
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    @Benchmark
    public AuditEntry append() {
        return log.append("run.finished", "run-01JDX4Y7M9", data);
    }

    @Benchmark
    public void appendAndCheckpoint() {
        log.append("run.finished", "run-01JDX4Y7M9", data);
        log.checkpoint();
    }
}

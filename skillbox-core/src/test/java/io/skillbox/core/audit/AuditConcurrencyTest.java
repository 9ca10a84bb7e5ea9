package io.skillbox.core.audit;

import static io.skillbox.core.audit.AuditFixtures.HOST;
import static org.assertj.core.api.Assertions.assertThat;

import io.skillbox.core.crypto.KeyFiles;
import io.skillbox.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many writers, one file: every entry lands, in one unbroken chain. */
class AuditConcurrencyTest {
    private static final int PER_THREAD = 200;

    @TempDir
    Path dir;

    @Test
    void fourThreadsAppendingThroughOneLog() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file, HOST, new AuditOptions(FsyncPolicy.CHECKPOINT, 16))) {
            runAll(4, t -> appendMany(log, "t" + t));
        }
        assertEveryEntryOnceInOneChain(file, 4);
    }

    /** Two writers of one file in one JVM would trip over each other's FileLock without the JVM-wide lock. */
    @Test
    void twoLogsOfOneFileInOneJvm() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditOptions options = new AuditOptions(FsyncPolicy.NONE, 16);
        try (AuditLog first = AuditLog.open(file, HOST, options);
                AuditLog second = AuditLog.open(dir.resolve(".").resolve("audit.jsonl"), HOST, options)) {
            runAll(4, t -> appendMany(t % 2 == 0 ? first : second, "t" + t));
        }
        assertEveryEntryOnceInOneChain(file, 4);
    }

    /** Both children append until each has 500 entries in the log, so that they surely overlap. */
    @Test
    void twoProcessesAppendingToOneFile() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Path keyFile = dir.resolve("host.key");
        KeyFiles.writeNew(new KeyPair(HOST.publicKey(), HOST.privateKey()), keyFile);
        try (ChildJvm a = child(file, keyFile, "A"); ChildJvm b = child(file, keyFile, "B")) {
            a.go();
            b.go();
            while (occurrences(file, "\"runId\":\"A\"") < 500 || occurrences(file, "\"runId\":\"B\"") < 500) {
                Thread.sleep(10);
            }
            a.endInput();
            b.endInput();
            a.expect("done");
            b.expect("done");
            a.awaitSuccess();
            b.awaitSuccess();
        }
        List<AuditEntry> entries = assertOneChain(file);
        assertThat(entriesPerWriter(entries)).containsOnlyKeys("A", "B").allSatisfy((writer, n) ->
                assertThat(n).isGreaterThanOrEqualTo(500));
        List<String> writers = entries.stream().filter(e -> !e.isCheckpoint()).map(AuditEntry::runId).toList();
        long switches = IntStream.range(1, writers.size()).filter(i -> !writers.get(i).equals(writers.get(i - 1))).count();
        assertThat(switches).as("the two processes' appends interleaved").isGreaterThan(1);
    }

    private ChildJvm child(Path file, Path keyFile, String name) throws IOException {
        return ChildJvm.start(dir.resolve(name + ".err"), "append", file.toString(), keyFile.toString(), "NONE", "50",
                "-1", name);
    }

    private static int occurrences(Path file, String text) throws IOException {
        return Files.exists(file) ? Files.readString(file).split(Pattern.quote(text), -1).length - 1 : 0;
    }

    private static void appendMany(AuditLog log, String writer) {
        for (int i = 0; i < PER_THREAD; i++) {
            log.append("test.thread", writer, Json.json().createObjectNode().put("writer", writer).put("i", i));
        }
    }

    private interface Writer {
        void run(int index) throws Exception;
    }

    private static void runAll(int threads, Writer writer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                done.add(pool.submit(() -> {
                    start.await();
                    writer.run(index);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void assertEveryEntryOnceInOneChain(Path file, int writers) {
        Map<String, Integer> expected = new TreeMap<>();
        for (int t = 0; t < writers; t++) {
            expected.put("t" + t, PER_THREAD);
        }
        assertThat(entriesPerWriter(assertOneChain(file))).isEqualTo(expected);
    }

    /** Verifies the log and that its seqs run 1..N without gaps. */
    private static List<AuditEntry> assertOneChain(Path file) {
        AuditReport report = AuditVerifier.verify(file, Optional.of(HOST.publicKey()));
        assertThat(report.problems()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        List<AuditEntry> entries = AuditReader.read(file);
        assertThat(entries).extracting(AuditEntry::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, entries.size()).boxed().toList());
        return entries;
    }

    /** How many entries each writer (the runId) has, after checking they are its 0..n-1, each once. */
    private static Map<String, Integer> entriesPerWriter(List<AuditEntry> entries) {
        Map<String, List<Integer>> seen = new TreeMap<>();
        entries.stream().filter(e -> !e.isCheckpoint())
                .forEach(e -> seen.computeIfAbsent(e.runId(), k -> new ArrayList<>()).add(e.data().get("i").intValue()));
        Map<String, Integer> counts = new TreeMap<>();
        seen.forEach((writer, is) -> {
            assertThat(is).as(writer).containsExactlyElementsOf(IntStream.range(0, is.size()).boxed().toList());
            counts.put(writer, is.size());
        });
        return counts;
    }
}

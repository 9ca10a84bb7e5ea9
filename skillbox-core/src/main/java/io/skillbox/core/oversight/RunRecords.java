package io.skillbox.core.oversight;

import io.skillbox.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last runs' records ({@code runs/RUN-ID.json}: result, spec, trust), so that {@code skillbox forensics
 * RUN} can bundle a run after the fact. Only the newest {@link #KEEP} are kept; run ids start with the
 * time, so name order is age order.
 */
final class RunRecords {
    static final int KEEP = 512;
    private final Path dir;
    private int saved;

    RunRecords(Path dir) {
        this.dir = dir;
    }

    void save(String runId, ObjectNode record) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".record-", ".tmp");
            Files.write(tmp, Json.json().writeValueAsBytes(record));
            Files.move(tmp, file(runId), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (saved++ % 64 == 0) {
                prune(); // listing the directory each run would cost more than the record itself
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the record of run " + runId + ": " + e.getMessage(), e);
        }
    }

    Optional<JsonNode> load(String runId) {
        try {
            return Optional.of(Json.json().readTree(Files.readString(file(runId))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the record of run " + runId + ": " + e.getMessage(), e);
        }
    }

    private Path file(String runId) {
        if (!runId.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("not a run id: " + runId);
        }
        return dir.resolve(runId + ".json");
    }

    private void prune() throws IOException {
        List<Path> records;
        try (Stream<Path> s = Files.list(dir)) {
            records = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        for (int i = 0; i < records.size() - KEEP; i++) {
            Files.deleteIfExists(records.get(i));
        }
    }
}

package io.skillbox.core.forensics;

import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** A small, realistic bundle's contents and a host key to sign it with. */
final class ForensicsFixtures {
    static final HostKey KEY = HostKey.of(Ed25519.generate());
    static final HostKey OTHER_KEY = HostKey.of(Ed25519.generate());

    private ForensicsFixtures() {}

    static ForensicsContents contents() {
        return contents(List.of(
                new SnapshotFile("out/report.txt", 0644, bytes("done\n")),
                new SnapshotFile("notes with spaces/naïve ☃.md", 0600, bytes("unicode\n")),
                new SnapshotFile("evil\nname\\..\\x%41", 0755, bytes("#!/bin/sh\n"))));
    }

    static ForensicsContents contents(List<SnapshotFile> work) {
        return new ForensicsContents(
                "run-0001",
                Json.json().readTree("{\"runId\":\"run-0001\",\"exitCode\":137,\"violations\":[\"memory\"]}"),
                bytes("hello\n"),
                bytes("Killed\n"),
                Json.json().readTree("{\"scratch\":{\"target\":\"/work\"}}"),
                List.of("{\"event\":\"run.start\",\"runId\":\"run-0001\"}", "{\"event\":\"run.end\",\"exitCode\":137}"),
                work,
                new WorkSnapshotInfo.Captured(256, 8 << 20, 2, 9_000_000,
                        List.of(new WorkSnapshotInfo.Dropped("link", "symbolic link to '/etc/shadow', not followed"))),
                Instant.parse("2025-06-01T12:00:00Z"),
                "violation");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

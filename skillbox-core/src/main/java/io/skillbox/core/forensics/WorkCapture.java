package io.skillbox.core.forensics;

import java.util.List;
import java.util.Objects;

/**
 * What a backend kept of a run's scratch space ({@code /work}) before destroying it.
 *
 * @param files the files kept, in walk order
 * @param info  the caps and what was dropped, or why nothing was captured
 */
public record WorkCapture(List<SnapshotFile> files, WorkSnapshotInfo info) {
    public WorkCapture {
        files = List.copyOf(files);
        Objects.requireNonNull(info, "info");
    }

    public static WorkCapture notCaptured(String reason) {
        return new WorkCapture(List.of(), new WorkSnapshotInfo.NotCaptured(reason));
    }

    public boolean captured() {
        return info instanceof WorkSnapshotInfo.Captured;
    }
}

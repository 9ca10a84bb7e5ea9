package io.skillbox.core.forensics;

import java.util.List;
import java.util.Objects;

/** How the copy of a run's {@code /work} in a forensics bundle came about: what was kept out, and why. */
public sealed interface WorkSnapshotInfo {

    /**
     * The directory was walked. The kept files travel beside this record; these are the caps and what
     * they, and the rules about links and special files, left out.
     *
     * @param maxFiles     the file cap the walk honoured
     * @param maxBytes     the byte cap the walk honoured
     * @param filesDropped every entry left out (files, links, special files, directories not entered)
     * @param bytesDropped the sizes of the regular files left out, as {@code lstat} reported them
     * @param dropped      the first of those entries, each with why; at most as many as the walker lists,
     *                     so {@code filesDropped} may be larger
     */
    record Captured(int maxFiles, long maxBytes, int filesDropped, long bytesDropped, List<Dropped> dropped)
            implements WorkSnapshotInfo {
        public Captured {
            if (maxFiles < 0 || maxBytes < 0 || filesDropped < 0 || bytesDropped < 0) {
                throw new IllegalArgumentException("caps and counts are never negative");
            }
            dropped = List.copyOf(dropped);
            if (dropped.size() > filesDropped) {
                throw new IllegalArgumentException(dropped.size() + " dropped entries listed but only "
                        + filesDropped + " counted");
            }
        }
    }

    /** Nothing was copied, for the reason given (no scratch space, the run was refused, …). */
    record NotCaptured(String reason) implements WorkSnapshotInfo {
        public NotCaptured {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * One entry left out of the copy.
     *
     * @param path the entry's path relative to {@code /work}, as the skill named it (may hold anything)
     * @param why  e.g. "symbolic link to '/etc/shadow', not followed" or "over the byte cap"
     */
    record Dropped(String path, String why) {
        public Dropped {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(why, "why");
        }
    }
}

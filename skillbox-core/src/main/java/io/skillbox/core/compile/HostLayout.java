package io.skillbox.core.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the policy's system paths are on this host: directories and files to bind, symlinks to recreate
 * (merged /usr makes /bin, /lib and /lib64 links), or missing. Probed once; the compiler stays pure.
 */
public record HostLayout(Map<String, Entry> entries) {

    public HostLayout {
        entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    /** One probed path. */
    public sealed interface Entry {
        /** A directory or regular file; {@code realPath} is where it really is (symlinks in parents resolved). */
        record Present(Path realPath) implements Entry {}

        /** A symlink, recreated inside the sandbox with the same link text. */
        record Link(String linkText, Path realPath) implements Entry {}

        /** Not on this host; skipped. */
        record Missing() implements Entry {}
    }

    public static HostLayout probe(List<String> systemPaths) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (String p : systemPaths) {
            entries.put(p, probeOne(Path.of(p)));
        }
        return new HostLayout(entries);
    }

    private static Entry probeOne(Path path) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                return new Entry.Link(Files.readSymbolicLink(path).toString(), path.toRealPath());
            }
            if (attrs.isDirectory() || attrs.isRegularFile()) {
                return new Entry.Present(path.toRealPath());
            }
            return new Entry.Missing();
        } catch (IOException e) {
            // Missing, or a dangling link: nothing to show inside the sandbox either way.
            return new Entry.Missing();
        }
    }
}

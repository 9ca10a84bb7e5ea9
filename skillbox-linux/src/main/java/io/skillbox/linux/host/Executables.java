package io.skillbox.linux.host;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the host tools the backends drive (bwrap, runc, runsc, ...). */
public final class Executables {
    private Executables() {}

    /** The first executable {@code name} in {@code preferred} directories, then on PATH; absolute paths only. */
    public static Optional<Path> locate(String name, String... preferred) {
        List<Path> candidates = new ArrayList<>();
        for (String dir : preferred) {
            candidates.add(Path.of(dir, name));
        }
        String pathVar = System.getenv("PATH");
        if (pathVar != null) {
            for (String dir : pathVar.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, name));
                }
            }
        }
        return candidates.stream().filter(p -> p.isAbsolute() && Files.isExecutable(p)).findFirst();
    }
}

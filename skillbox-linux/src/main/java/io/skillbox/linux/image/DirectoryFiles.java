package io.skillbox.linux.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * An image layout directory. Links inside it are followed (legacy {@code docker save} links duplicate
 * layers), but only to files whose real path stays inside the directory.
 */
final class DirectoryFiles implements ImageFiles {
    private final Path root;
    private final Path realRoot;

    DirectoryFiles(Path root) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
    }

    @Override
    public boolean exists(String path) {
        try {
            return Files.isRegularFile(resolve(path));
        } catch (IOException e) {
            return false; // absent or unreadable: open() reports which
        }
    }

    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(resolve(path));
    }

    @Override
    public void prepare(Collection<String> paths) {
        // Files in a directory are already cheap to open.
    }

    @Override
    public String describe(String path) {
        return root.resolve(path).toString();
    }

    @Override
    public void close() {
        // Nothing was copied.
    }

    private Path resolve(String path) throws IOException {
        String normal = EntryPath.normalise(path).filter(p -> !p.isEmpty())
                .orElseThrow(() -> ImageErrors.unsafe(path, "the path leaves the image directory",
                        "refer to files inside the image only"));
        Path file = realRoot.resolve(normal);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(describe(normal));
        }
        if (!file.toRealPath().startsWith(realRoot)) {
            throw ImageErrors.unsafe(describe(normal), "is a link to a file outside the image directory",
                    "replace the link with the file itself");
        }
        return file;
    }
}

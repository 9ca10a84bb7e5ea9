package io.skillbox.core.manifest;

import io.skillbox.core.error.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** skillbox's own format: {@code skill.yaml} with {@code apiVersion: skillbox/v1}, read against its JSON Schema. */
final class SkillYamlFormat implements ManifestFormat {
    @Override
    public String file() {
        return BundleLoader.MANIFEST_FILE;
    }

    @Override
    public String label() {
        return BundleLoader.MANIFEST_FILE;
    }

    @Override
    public Optional<Read> read(Path root, String text, List<Violation> invalid, List<Violation> unsafe) {
        return ManifestDocuments.mapping(text, file(),
                        "start skill.yaml with apiVersion: skillbox/v1, then name, version and entrypoint", invalid)
                .flatMap(doc -> new ManifestReader(root, doc, invalid, unsafe).read())
                .map(manifest -> new Read(manifest, List.of()));
    }
}

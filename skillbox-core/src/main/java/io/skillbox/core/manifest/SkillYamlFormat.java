package io.skillbox.core.manifest;

import io.skillbox.core.error.Violation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** skillbox's own format: {@code skill.yaml} with {@code apiVersion: skillbox/v1}, read against its JSON Schema. */
final class SkillYamlFormat {
    static final ManifestFormat FORMAT = new ManifestFormat(BundleLoader.MANIFEST_FILE, BundleLoader.MANIFEST_FILE,
            SkillYamlFormat::read);

    private SkillYamlFormat() {}

    private static Optional<ManifestFormat.Read> read(Path root, String text, List<Violation> invalid, List<Violation> unsafe) {
        return ManifestDocuments.mapping(text, BundleLoader.MANIFEST_FILE,
                        "start skill.yaml with apiVersion: skillbox/v1, then name, version and entrypoint", invalid)
                .flatMap(doc -> new ManifestReader(root, doc, invalid, unsafe).read())
                .map(manifest -> new ManifestFormat.Read(manifest, List.of()));
    }
}

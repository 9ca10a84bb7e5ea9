package io.skillbox.linux.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads a legacy {@code docker save} tarball: {@code manifest.json} names the config file and the layer
 * tars. Layers carry no digest of their own, so each is checked against the config's
 * {@code rootfs.diff_ids}, and the config against the digest in its file name when it has one.
 */
final class DockerSaveManifest {
    private static final Pattern DIGEST_NAME = Pattern.compile("(?:.*/)?(?:sha256[:/])?([0-9a-f]{64})(?:\\.json)?");
    private static final String FIX = "save exactly one image: `docker save IMAGE -o FILE.tar`";

    private DockerSaveManifest() {}

    static ResolvedImage read(ImageFiles files) {
        String file = files.describe("manifest.json");
        JsonNode manifest = ImageDocuments.read(files, "manifest.json", "docker save manifest", Optional.empty(),
                -1).json();
        if (!manifest.isArray() || manifest.size() != 1) {
            throw ImageErrors.malformed(file, "must list exactly one image, not "
                    + (manifest.isArray() ? manifest.size() : "a non-array"), FIX);
        }
        JsonNode image = manifest.get(0);
        String configPath = ImageDocuments.text(image, "Config", file);
        ImageDocuments.Document config = ImageDocuments.read(files, configPath, "image config",
                digestInName(configPath), -1);
        String configFile = files.describe(configPath);
        List<Digest> diffIds = ImageDocuments.diffIds(config.json(), configFile);
        List<JsonNode> paths = ImageDocuments.array(image, "Layers", file);
        if (paths.size() != diffIds.size()) {
            throw ImageErrors.malformed(file, "lists " + paths.size() + " layers but the config has "
                    + diffIds.size() + " diff_ids", FIX);
        }
        List<ResolvedImage.Layer> layers = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            if (!paths.get(i).isString()) {
                throw ImageErrors.malformed(file, "\"Layers\" holds a non-string", FIX);
            }
            String path = paths.get(i).stringValue();
            Optional<Digest> digest = path.startsWith("blobs/sha256/") ? digestInName(path) : Optional.empty();
            layers.add(new ResolvedImage.Layer(path, digest, -1, Compression.DETECT, diffIds.get(i)));
        }
        // The config is what identifies a legacy image: its digest is the image id.
        return new ResolvedImage(config.digest(), ImageConfig.from(config.json(), configFile), layers);
    }

    /** {@code <hex>.json} and {@code blobs/sha256/<hex>} name their own digest; anything else does not. */
    private static Optional<Digest> digestInName(String path) {
        Matcher m = DIGEST_NAME.matcher(path);
        return m.matches() ? Optional.of(new Digest(m.group(1))) : Optional.empty();
    }
}

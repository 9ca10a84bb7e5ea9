package io.skillbox.linux.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/}) down to the
 * layers of one manifest, checking each document against the digest that names it. A source with no
 * {@code index.json} is a legacy {@code docker save} tarball and goes to {@link DockerSaveManifest}.
 */
final class ImageLayout {
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String DOCKER_INDEX = "application/vnd.docker.distribution.manifest.list.v2+json";
    private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_INDEX);
    /** An index pointing at an index is legal; a chain longer than this is not an image. */
    private static final int MAX_INDEX_DEPTH = 4;
    private static final String FIX = "export the image again (e.g. `skopeo copy docker://IMAGE oci:DIR`)";

    private ImageLayout() {}

    /** Reads whichever layout {@code files} holds, choosing the manifest for {@code platform}. */
    static ResolvedImage read(ImageFiles files, Platform platform) {
        if (files.exists("index.json")) {
            return readOci(files, platform);
        }
        if (files.exists("manifest.json")) {
            return DockerSaveManifest.read(files);
        }
        throw ImageErrors.malformed(files.describe(""), "holds neither index.json (OCI image layout) nor"
                + " manifest.json (docker save)", "pass an OCI image layout or the output of `docker save`");
    }

    private static ResolvedImage readOci(ImageFiles files, Platform platform) {
        JsonNode layout = ImageDocuments.read(files, "oci-layout", "oci-layout file", Optional.empty(), -1).json();
        if (!"1.0.0".equals(layout.path("imageLayoutVersion").asString(""))) {
            throw ImageErrors.malformed(files.describe("oci-layout"), "imageLayoutVersion is not 1.0.0", FIX);
        }
        JsonNode index = ImageDocuments.read(files, "index.json", "image index", Optional.empty(), -1).json();
        String indexFile = files.describe("index.json");
        for (int depth = 0; ; depth++) {
            JsonNode descriptor = choose(ImageDocuments.array(index, "manifests", indexFile), platform, indexFile);
            String mediaType = ImageDocuments.text(descriptor, "mediaType", indexFile);
            Digest digest = ImageDocuments.digest(descriptor, "digest", indexFile);
            long size = descriptor.path("size").asLong(-1);
            String path = ImageDocuments.blobPath(digest);
            if (MANIFESTS.contains(mediaType)) {
                return readManifest(files, ImageDocuments.read(files, path, "image manifest", Optional.of(digest),
                        size));
            }
            if (!INDEXES.contains(mediaType) || depth >= MAX_INDEX_DEPTH) {
                throw ImageErrors.malformed(indexFile, "the chosen entry has media type " + mediaType
                        + (INDEXES.contains(mediaType) ? " nested too deeply" : ", not an image manifest or index"),
                        FIX);
            }
            index = ImageDocuments.read(files, path, "nested image index", Optional.of(digest), size).json();
            indexFile = files.describe(path);
        }
    }

    /** The only entry, or the one for {@code platform}. */
    private static JsonNode choose(List<JsonNode> manifests, Platform platform, String file) {
        if (manifests.size() == 1) {
            return manifests.getFirst();
        }
        List<String> seen = new ArrayList<>();
        for (JsonNode m : manifests) {
            JsonNode p = m.path("platform");
            String os = p.path("os").asString("?");
            String arch = p.path("architecture").asString("?");
            if (os.equals(platform.os()) && arch.equals(platform.architecture())) {
                return m;
            }
            seen.add(os + "/" + arch);
        }
        throw ImageErrors.malformed(file, manifests.isEmpty() ? "lists no manifests"
                : "has no manifest for " + platform + " (it has " + String.join(", ", seen) + ")",
                "export the image for " + platform + " (e.g. `docker pull --platform " + platform + "`)");
    }

    private static ResolvedImage readManifest(ImageFiles files, ImageDocuments.Document manifest) {
        String file = files.describe(ImageDocuments.blobPath(manifest.digest()));
        JsonNode json = manifest.json();
        String ownType = json.path("mediaType").asString(OCI_MANIFEST);
        if (!MANIFESTS.contains(ownType)) {
            throw ImageErrors.malformed(file, "has media type " + ownType + ", not an image manifest", FIX);
        }
        JsonNode configRef = json.path("config");
        Digest configDigest = ImageDocuments.digest(configRef, "digest", file);
        ImageDocuments.Document config = ImageDocuments.read(files, ImageDocuments.blobPath(configDigest),
                "image config", Optional.of(configDigest), configRef.path("size").asLong(-1));
        String configFile = files.describe(ImageDocuments.blobPath(configDigest));
        List<Digest> diffIds = ImageDocuments.diffIds(config.json(), configFile);
        List<JsonNode> layerRefs = ImageDocuments.array(json, "layers", file);
        if (layerRefs.size() != diffIds.size()) {
            throw ImageErrors.malformed(file, "lists " + layerRefs.size() + " layers but the config has "
                    + diffIds.size() + " diff_ids", FIX);
        }
        List<ResolvedImage.Layer> layers = new ArrayList<>();
        for (int i = 0; i < layerRefs.size(); i++) {
            JsonNode ref = layerRefs.get(i);
            Digest digest = ImageDocuments.digest(ref, "digest", file);
            layers.add(new ResolvedImage.Layer(ImageDocuments.blobPath(digest), Optional.of(digest),
                    ref.path("size").asLong(-1), compression(ImageDocuments.text(ref, "mediaType", file), file),
                    diffIds.get(i)));
        }
        return new ResolvedImage(manifest.digest(), ImageConfig.from(config.json(), configFile), layers);
    }

    private static Compression compression(String mediaType, String file) {
        return switch (mediaType) {
            case "application/vnd.oci.image.layer.v1.tar", "application/vnd.docker.image.rootfs.diff.tar" ->
                    Compression.NONE;
            case "application/vnd.oci.image.layer.v1.tar+gzip", "application/vnd.docker.image.rootfs.diff.tar.gzip" ->
                    Compression.GZIP;
            default -> throw ImageErrors.malformed(file, "has a layer of media type " + mediaType
                    + ", which is not supported (only tar and tar+gzip layers are)",
                    "re-export with gzip layers, e.g. `skopeo copy --dest-compress-format gzip ...`");
        };
    }
}

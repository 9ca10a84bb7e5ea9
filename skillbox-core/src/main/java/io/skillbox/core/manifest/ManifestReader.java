package io.skillbox.core.manifest;

import io.skillbox.core.error.Violation;
import io.skillbox.core.json.JsonSchemas;
import io.skillbox.core.json.Quantities;
import io.skillbox.core.json.QuantityNodes;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Turns a parsed {@code skill.yaml} into a {@link Manifest}: the schema first, then what a schema
 * cannot say (quantities parse, ports are in range, params are themselves schemas, paths stay inside
 * the bundle). Every problem is collected; path escapes go to {@code unsafe}, the rest to {@code invalid}.
 */
final class ManifestReader {
    private static final int MAX_SHOWN_CHARS = 60;

    private final Path root;
    private final JsonNode doc;
    private final List<Violation> invalid;
    private final List<Violation> unsafe;

    ManifestReader(Path root, JsonNode doc, List<Violation> invalid, List<Violation> unsafe) {
        this.root = root;
        this.doc = doc;
        this.invalid = invalid;
        this.unsafe = unsafe;
    }

    Optional<Manifest> read() {
        JsonNode api = doc.path("apiVersion");
        if (api.isString() && !api.stringValue().equals(Manifest.API_VERSION)) {
            // Another version's fields mean other things: report only this, not a page of unknown fields.
            invalid.add(new Violation("apiVersion", "unknown apiVersion " + show(api) + ": apiVersion must be skillbox/v1",
                    "set apiVersion: skillbox/v1 (this build of skillbox reads only that version)"));
            return Optional.empty();
        }
        int before = invalid.size() + unsafe.size();
        invalid.addAll(JsonSchemas.validateOwn(JsonSchemas.MANIFEST_SCHEMA, doc));
        Manifest.Resources resources = resources(doc.path("resources"));
        checkNetwork(doc.path("network"));
        checkSchema("params");
        checkSchema("result");
        checkFiles(doc.path("files"));
        JsonNode image = doc.path("runtime").path("image");
        if (image.isString()) {
            checkInBundle(image.stringValue(), "runtime.image", true);
        }
        checkEntrypoint(doc.path("entrypoint"));
        if (invalid.size() + unsafe.size() > before) {
            return Optional.empty();
        }
        return Optional.of(build(resources));
    }

    private Manifest.Resources resources(JsonNode r) {
        JsonNode pids = r.path("pids");
        return new Manifest.Resources(
                size(r, "memory"),
                quantity(r, "cpus", QuantityNodes::cpuMillis, Quantities.CPUS_SYNTAX, n -> n.isString() || n.isNumber() && n.doubleValue() > 0),
                pids.isInt() ? Optional.of(pids.intValue()) : Optional.empty(),
                quantity(r, "timeout", QuantityNodes::duration, Quantities.DURATION_SYNTAX, JsonNode::isString)
                        .filter(d -> positive(r, "timeout", !d.isZero())),
                size(r, "output"),
                size(r, "scratch"));
    }

    private Optional<Long> size(JsonNode r, String name) {
        JsonNode n = r.path(name);
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() && n.longValue() > 0 ? Optional.of(n.longValue()) : Optional.empty();
        }
        return quantity(r, name, QuantityNodes::bytes, Quantities.BYTES_SYNTAX, JsonNode::isString)
                .filter(v -> positive(r, name, v > 0));
    }

    /**
     * Parses {@code resources.<name>} when it has a type the schema allows ({@code parsable}); values of
     * other types were already reported by the schema and are not reported twice.
     */
    private <T> Optional<T> quantity(JsonNode r, String name, Function<JsonNode, Optional<T>> parser, String syntax,
            Predicate<JsonNode> parsable) {
        JsonNode n = r.path(name);
        if (n.isMissingNode() || !parsable.test(n)) {
            return Optional.empty();
        }
        Optional<T> value = parser.apply(n);
        if (value.isEmpty()) {
            invalid.add(new Violation("resources." + name, show(n) + " is not in the expected syntax", "write " + syntax));
        }
        return value;
    }

    private boolean positive(JsonNode r, String name, boolean ok) {
        if (!ok) {
            invalid.add(new Violation("resources." + name, show(r.path(name)) + " is zero", "ask for more than zero, or leave it out to get the policy's default"));
        }
        return ok;
    }

    private void checkNetwork(JsonNode network) {
        JsonNode hosts = network.path("hosts");
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i).asString("");
            int colon = host.lastIndexOf(':');
            if (colon > 0 && host.substring(colon + 1).matches("[0-9]{1,5}")) {
                int port = Integer.parseInt(host.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    invalid.add(new Violation("network.hosts[" + i + "]", "port " + port + " is out of range",
                            "use a port from 1 to 65535, e.g. " + host.substring(0, colon) + ":443"));
                }
            }
        }
        JsonNode mode = network.path("mode");
        if (mode.isString() && !mode.stringValue().equals("allowlist") && !hosts.isEmpty()) {
            invalid.add(new Violation("network.hosts", "hosts are only used with mode allowlist, but mode is " + mode.stringValue(),
                    "set network.mode: allowlist, or remove network.hosts"));
        }
    }

    private void checkSchema(String field) {
        JsonNode schema = doc.path(field);
        if (schema.isObject()) {
            invalid.addAll(JsonSchemas.checkSchema(schema, field));
        }
    }

    private void checkFiles(JsonNode files) {
        for (int i = 0; i < files.size(); i++) {
            JsonNode source = files.get(i).path("source");
            if (source.isString()) {
                checkInBundle(source.stringValue(), "files[" + i + "].source", true);
            }
            JsonNode target = files.get(i).path("target");
            if (target.isString() && target.stringValue().startsWith("/")) {
                checkTarget(target.stringValue(), "files[" + i + "].target");
            }
        }
    }

    /** Arguments that look like bundle paths (contain '/' or name a bundle file) must stay in the bundle. */
    private void checkEntrypoint(JsonNode entrypoint) {
        for (int i = 0; i < entrypoint.size(); i++) {
            String arg = entrypoint.get(i).asString("");
            if (!arg.isEmpty() && !arg.startsWith("/") && (arg.contains("/") || existsInBundle(arg))) {
                checkInBundle(arg, "entrypoint[" + i + "]", i == 0 && arg.contains("/"));
            }
        }
    }

    private void checkInBundle(String text, String field, boolean mustExist) {
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            invalid.add(new Violation(field, show(text) + " is not a valid path: " + e.getReason(), "name a file inside the bundle"));
            return;
        }
        if (path.isAbsolute()) {
            unsafe.add(new Violation(field, show(text) + " is an absolute path; bundle files are named relative to the bundle",
                    "write it relative to the bundle root, e.g. data"));
        } else if (path.normalize().startsWith("..")) {
            unsafe.add(new Violation(field, show(text) + " leaves the bundle (path traversal with '..')",
                    "name a file inside the bundle, without '..' segments that climb above it"));
        } else if (mustExist && !Files.exists(root.resolve(path.normalize()), LinkOption.NOFOLLOW_LINKS)) {
            invalid.add(new Violation(field, show(text) + " does not exist in the bundle",
                    "add it to the bundle, or correct the path (it is relative to the directory holding skill.yaml)"));
        }
    }

    private void checkTarget(String target, String field) {
        String normal;
        try {
            normal = Path.of(target).normalize().toString();
        } catch (InvalidPathException e) {
            invalid.add(new Violation(field, show(target) + " is not a valid path: " + e.getReason(), "write an absolute path, e.g. /skill/data"));
            return;
        }
        if (target.equals("/") || normal.equals("/")) {
            invalid.add(new Violation(field, "cannot mount over the sandbox's root directory", "mount it below a directory, e.g. /skill/data"));
        } else if (List.of(target.split("/")).contains("..")) {
            invalid.add(new Violation(field, show(target) + " contains '..'", "write the absolute path without '..', e.g. " + normal));
        } else if (!normal.equals(target)) {
            invalid.add(new Violation(field, show(target) + " is not a normalized path", "write it as " + normal));
        }
    }

    private boolean existsInBundle(String name) {
        try {
            return Files.exists(root.resolve(name), LinkOption.NOFOLLOW_LINKS);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private Manifest build(Manifest.Resources resources) {
        JsonNode network = doc.path("network");
        JsonNode trust = doc.path("trust");
        return new Manifest(
                doc.path("name").stringValue(),
                doc.path("version").stringValue(),
                doc.path("description").asString(""),
                strings(doc.path("entrypoint")),
                optional(doc.path("params")).map(JsonNode::deepCopy),
                optional(doc.path("result")).map(JsonNode::deepCopy),
                new Manifest.Runtime(optional(doc.path("runtime").path("isolation")).map(JsonNode::stringValue),
                        optional(doc.path("runtime").path("image")).map(n -> Path.of(n.stringValue()).normalize().toString()),
                        Optional.empty(), optional(doc.path("runtime").path("profile")).map(JsonNode::stringValue),
                        java.util.Map.of(), Optional.empty()),
                resources,
                new Manifest.Network(optional(network.path("mode")).map(JsonNode::stringValue), strings(network.path("hosts"))),
                strings(doc.path("credentials")),
                mounts(doc.path("files")),
                trust.isObject()
                        ? Optional.of(new Manifest.Trust(trust.path("level").stringValue(),
                                optional(trust.path("requires_review")).map(JsonNode::booleanValue),
                                optional(trust.path("approved_by")).map(JsonNode::stringValue)))
                        : Optional.empty());
    }

    private static List<Manifest.FileMount> mounts(JsonNode files) {
        List<Manifest.FileMount> mounts = new ArrayList<>();
        for (JsonNode f : files) {
            // "ro" is the only mode the schema accepts; anything writable would need a new, reviewed mode.
            String source = Path.of(f.path("source").stringValue()).normalize().toString();
            mounts.add(new Manifest.FileMount(source.isEmpty() ? "." : source, f.path("target").stringValue(), true));
        }
        return mounts;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.stringValue()));
        return out;
    }

    private static Optional<JsonNode> optional(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node);
    }

    private static String show(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        return node.isString() ? show(node.stringValue()) : node.toString();
    }

    private static String show(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (clean.length() <= MAX_SHOWN_CHARS ? clean : clean.substring(0, MAX_SHOWN_CHARS) + "...") + "'";
    }
}

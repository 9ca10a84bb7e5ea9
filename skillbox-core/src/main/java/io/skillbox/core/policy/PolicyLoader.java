package io.skillbox.core.policy;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.JsonSchemas;
import io.skillbox.core.json.SafeYaml;
import io.skillbox.core.trust.RevocationFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the operator's policy. A policy file states only what differs from the built-in default
 * ({@code default-policy.yaml}): it is deep-merged over it (mappings key by key; lists and scalars
 * replace), and the merged document is what the schema and the semantic checks judge, so a partial
 * file can never leave a value unset.
 */
public final class PolicyLoader {
    /** The {@link Policy#source()} of the built-in default policy. */
    public static final String BUILTIN_SOURCE = "builtin:default";
    /** A policy file larger than this is refused before it is read. */
    public static final int MAX_POLICY_BYTES = 256 * 1024;

    private static final String DEFAULT_RESOURCE = "default-policy.yaml";
    private static final String FIELD = "(policy)";

    private PolicyLoader() {}

    /** The built-in default policy, read and checked once. */
    public static Policy builtin() {
        return Builtin.POLICY;
    }

    /**
     * @param file a policy file (following a symlink is fine: the operator owns it)
     * @throws SkillboxException {@code INVALID_POLICY}, carrying every violation
     */
    public static Policy load(Path file) {
        String source = file.toAbsolutePath().normalize().toString();
        List<Violation> problems = new ArrayList<>();
        Optional<ObjectNode> overlay = read(file, problems);
        if (overlay.isEmpty()) {
            throw invalid(source, problems);
        }
        return resolve(merge(Builtin.TREE, overlay.get()), source);
    }

    /** Validates a complete (merged) policy document and converts it. */
    static Policy resolve(ObjectNode merged, String source) {
        List<Violation> problems = new ArrayList<>(JsonSchemas.validateOwn(JsonSchemas.POLICY_SCHEMA, merged));
        if (!problems.isEmpty()) {
            throw invalid(source, problems);
        }
        PolicyReader reader = new PolicyReader(merged, source);
        Optional<Policy> policy = reader.read();
        if (policy.isEmpty()) {
            throw invalid(source, reader.problems());
        }
        checkRevocationFiles(policy.get(), source);
        return policy.get();
    }

    /**
     * Revocation files are read again before every run; reading them now too makes a missing or broken one
     * an error of the policy, reported when it is loaded rather than at the first run.
     */
    private static void checkRevocationFiles(Policy policy, String source) {
        try {
            RevocationFiles.read(policy.trust().revocationFiles());
        } catch (SkillboxException e) {
            throw invalid(source, e.violations());
        }
    }

    /**
     * Deep merge: mappings merge key by key, everything else in {@code overlay} replaces. Lists replace
     * rather than append so that an operator can shrink a default list (e.g. allowed tiers).
     */
    static ObjectNode merge(ObjectNode base, ObjectNode overlay) {
        ObjectNode out = base.deepCopy();
        for (Map.Entry<String, JsonNode> entry : overlay.properties()) {
            JsonNode current = out.get(entry.getKey());
            if (current instanceof ObjectNode object && entry.getValue() instanceof ObjectNode update) {
                out.set(entry.getKey(), merge(object, update));
            } else {
                out.set(entry.getKey(), entry.getValue().deepCopy());
            }
        }
        return out;
    }

    private static Optional<ObjectNode> read(Path file, List<Violation> problems) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_POLICY_BYTES) {
                problems.add(tooLarge(Files.size(file)));
                return Optional.empty();
            }
            bytes = SafeYaml.readAtMost(file, MAX_POLICY_BYTES);
        } catch (NoSuchFileException e) {
            problems.add(new Violation(FIELD, "the policy file " + file + " does not exist",
                    "pass the path of an existing policy file, or none to use the built-in default"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new Violation(FIELD, "cannot read " + file + ": " + e.getMessage(), "make the policy file readable"));
            return Optional.empty();
        }
        if (bytes.length > MAX_POLICY_BYTES) {
            problems.add(tooLarge(bytes.length));
            return Optional.empty();
        }
        return SafeYaml.decodeUtf8(bytes, FIELD, problems)
                .flatMap(text -> SafeYaml.parse(text, FIELD, "policies", problems))
                .flatMap(doc -> asMapping(doc, problems));
    }

    /** An empty file (or one of only comments) is a policy that changes nothing. */
    private static Optional<ObjectNode> asMapping(JsonNode doc, List<Violation> problems) {
        if (doc.isMissingNode() || doc.isNull()) {
            return Optional.of(Builtin.TREE.objectNode());
        } else if (doc instanceof ObjectNode object) {
            return Optional.of(object);
        }
        problems.add(new Violation(FIELD, "must be a mapping of fields, not a single value or a list",
                "start the file with apiVersion: skillbox/v1 and kind: Policy, then the fields to change"));
        return Optional.empty();
    }

    private static Violation tooLarge(long size) {
        return new Violation(FIELD, "is " + size + " bytes; a policy may be at most " + MAX_POLICY_BYTES + " bytes (256 KiB)",
                "state only what differs from the built-in default policy");
    }

    private static SkillboxException invalid(String source, List<Violation> problems) {
        return new SkillboxException(ErrorCode.INVALID_POLICY, "policy " + source + " is invalid", problems);
    }

    /** The default policy's tree and record, parsed once; a failure here is a build defect, not user input. */
    private static final class Builtin {
        static final ObjectNode TREE = readTree();
        static final Policy POLICY = resolve(TREE.deepCopy(), BUILTIN_SOURCE);

        private static ObjectNode readTree() {
            try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
                }
                List<Violation> problems = new ArrayList<>();
                JsonNode doc = SafeYaml.decodeUtf8(in.readAllBytes(), FIELD, problems)
                        .flatMap(text -> SafeYaml.parse(text, FIELD, "policies", problems))
                        .orElseThrow(() -> new IllegalStateException("built-in policy is unreadable: " + problems));
                return (ObjectNode) doc;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

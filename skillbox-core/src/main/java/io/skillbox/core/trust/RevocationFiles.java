package io.skillbox.core.trust;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.io.FileLocks;
import io.skillbox.core.json.Json;
import io.skillbox.core.json.SafeYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.node.ArrayNode;

/**
 * Revocation lists kept in files ({@code trust.revocationFiles}): a YAML or JSON list of entries, read
 * before every run. A file that is missing or unreadable refuses every run, since it might hold the entry
 * that matters. {@link #append} adds an entry atomically, for revocations made automatically.
 */
public final class RevocationFiles {
    /** A revocation file larger than this is refused (YAML files are also held to the YAML reader's cap). */
    public static final int MAX_BYTES = 4 << 20;

    private RevocationFiles() {}

    /**
     * Reads every file's entries.
     *
     * @throws SkillboxException {@code INVALID_POLICY}, with every problem of every file
     */
    public static List<Revocations.Listed> read(List<Path> files) {
        List<Violation> problems = new ArrayList<>();
        List<Revocations.Listed> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            out.addAll(read(files.get(i), "trust.revocationFiles[" + i + "]", problems));
        }
        if (!problems.isEmpty()) {
            throw new SkillboxException(ErrorCode.INVALID_POLICY, "the policy's revocation files cannot be used", problems);
        }
        return out;
    }

    /** The entries of one file; problems are added under {@code field} (the file) or the file's path (an entry). */
    static List<Revocations.Listed> read(Path file, String field, List<Violation> problems) {
        Optional<String> text = text(file, field, problems);
        if (text.isEmpty()) {
            return List.of();
        }
        return parse(file, text.get(), field, problems)
                .map(list -> Revocations.parse(list, file.toString(), problems))
                .orElse(List.of());
    }

    private static Optional<String> text(Path file, String field, List<Violation> problems) {
        byte[] bytes;
        try {
            bytes = SafeYaml.readAtMost(file, MAX_BYTES);
        } catch (NoSuchFileException e) {
            problems.add(new Violation(field, "the revocation file " + file + " does not exist; without it a revoked "
                    + "bundle could run, so nothing runs", "create it (an empty file or [] revokes nothing), or remove it from "
                    + "trust.revocationFiles"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(new Violation(field, "cannot read the revocation file " + file + ": " + e.getMessage(),
                    "make it readable by skillbox"));
            return Optional.empty();
        }
        if (bytes.length > MAX_BYTES) {
            problems.add(new Violation(field, file + " is larger than " + (MAX_BYTES >> 20) + " MiB",
                    "split it into several files listed in trust.revocationFiles"));
            return Optional.empty();
        }
        return SafeYaml.decodeUtf8(bytes, field, problems);
    }

    /** JSON files ({@code .json}) as strict JSON, anything else as safe YAML; an empty document is an empty list. */
    private static Optional<JsonNode> parse(Path file, String text, String field, List<Violation> problems) {
        Optional<JsonNode> doc;
        if (isJson(file)) {
            try {
                doc = Optional.ofNullable(Json.json().readTree(text));
            } catch (JacksonException e) {
                problems.add(new Violation(field, file + " is not valid JSON: " + e.getOriginalMessage(), "fix the JSON syntax"));
                return Optional.empty();
            }
        } else {
            doc = SafeYaml.parse(text, field, "revocation files", problems);
        }
        return doc.map(d -> d.isMissingNode() || d.isNull() ? Json.json().createArrayNode() : d);
    }

    private static boolean isJson(Path file) {
        return file.getFileName().toString().endsWith(".json");
    }

    /**
     * Appends one entry to a revocation file, creating it (and its directory) when missing. Safe against
     * concurrent appends from this and other processes (an exclusive lock on {@code .<name>.lock} beside
     * it), and against readers (the new file is renamed over the old one). A YAML file keeps its text and
     * comments: the entry is added as one more {@code - {...}} line. A file that cannot be read is left
     * alone.
     *
     * @throws SkillboxException {@code INVALID_POLICY} when the existing file is not a valid revocation list
     */
    public static void append(Path file, Revocation entry) {
        Path target = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(target.getParent());
            FileLocks.withLock(target.resolveSibling("." + target.getFileName() + ".lock"), () -> {
                replace(target, appended(target, entry));
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the revocation file " + target + ": " + e.getMessage(), e);
        }
    }

    /** Creates an empty JSON revocation list ({@code []}) unless the file exists. */
    public static void create(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, "[]\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another process made it first
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the revocation file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String appended(Path file, Revocation entry) {
        String old = "";
        List<JsonNode> entries = new ArrayList<>();
        if (Files.exists(file)) {
            List<Violation> problems = new ArrayList<>();
            old = text(file, file.toString(), problems).orElse("");
            Optional<JsonNode> list = problems.isEmpty() ? parse(file, old, file.toString(), problems) : Optional.empty();
            list.ifPresent(l -> Revocations.parse(l, file.toString(), problems));
            if (!problems.isEmpty()) {
                throw new SkillboxException(ErrorCode.INVALID_POLICY, "cannot append to " + file + ": it is not a valid revocation list", problems);
            }
            list.orElseThrow().forEach(entries::add);
        }
        entries.add(entry.toJson());
        ArrayNode expected = Json.json().createArrayNode().addAll(entries);
        List<String> candidates = new ArrayList<>();
        if (isJson(file)) {
            candidates.add(Json.json().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(expected) + "\n");
        } else {
            String line = "- " + Json.json().writeValueAsString(entry.toJson()) + "\n";
            candidates.add(old.isEmpty() || old.endsWith("\n") ? old + line : old + "\n" + line);
            // A flow-style list ([...]) cannot take a '- ' line; then the list is written out again.
            StringBuilder all = new StringBuilder("# revocations; rewritten by skillbox when an entry was appended\n");
            entries.forEach(e -> all.append("- ").append(Json.json().writeValueAsString(e)).append('\n'));
            candidates.add(all.toString());
        }
        // Only a text that reads back as exactly the old entries plus the new one is written.
        for (String text : candidates) {
            List<Violation> problems = new ArrayList<>();
            if (text.length() <= MAX_BYTES && parse(file, text, "", problems).filter(expected::equals).isPresent()) {
                return text;
            }
        }
        throw new SkillboxException(ErrorCode.INVALID_POLICY, "cannot append to the revocation file " + file,
                List.of(new Violation(file.toString(), "with the new entry the list would be too large to read back (YAML "
                        + "files hold at most " + Json.MAX_YAML_CODE_POINTS + " characters, JSON files " + (MAX_BYTES >> 20) + " MiB)",
                        "start another file in trust.revocationFiles, or keep automatic revocations in a .json file")));
    }

    /** Writes a temporary file beside {@code file}, flushes it, and renames it over {@code file}, keeping its mode. */
    private static void replace(Path file, String text) throws IOException {
        Set<PosixFilePermission> mode = Files.exists(file) ? Files.getPosixFilePermissions(file)
                : PosixFilePermissions.fromString("rw-r--r--");
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, mode);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

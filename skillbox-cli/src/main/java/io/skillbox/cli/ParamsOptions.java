package io.skillbox.cli;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.run.RunPreparer;
import io.skillbox.linux.sys.Libc;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the params come from: {@code --params JSON}, {@code --params-file F}, or stdin when it is not a terminal. */
final class ParamsOptions {
    @Option(names = "--params", paramLabel = "JSON", description = "The params document, e.g. '{\"city\": \"Paris\"}'.")
    String params;

    @Option(names = "--params-file", paramLabel = "FILE", description = "Read the params document from FILE ('-' for stdin).")
    Path paramsFile;

    /** The params text, or empty when none were given (the skill then gets {@code {}}). */
    Optional<String> read(boolean stdinAllowed) {
        if (params != null && paramsFile != null) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "give the params once",
                    List.of(new Violation("--params", "both --params and --params-file were given", "use one of them")));
        }
        if (params != null) {
            return Optional.of(params);
        }
        try {
            if (paramsFile != null) {
                return Optional.of(paramsFile.toString().equals("-") ? readCapped(System.in)
                        : readCapped(Files.newInputStream(paramsFile)));
            }
            if (stdinAllowed && !Libc.isatty(0)) {
                String text = readCapped(System.in);
                return text.isBlank() ? Optional.empty() : Optional.of(text);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "cannot read the params: " + e.getMessage(), e);
        }
    }

    /** Reads one byte past the cap so that the preparer reports oversized params instead of truncating them. */
    private static String readCapped(InputStream in) throws IOException {
        try (in) {
            return new String(in.readNBytes(RunPreparer.MAX_PARAMS_BYTES + 1), StandardCharsets.UTF_8);
        }
    }
}

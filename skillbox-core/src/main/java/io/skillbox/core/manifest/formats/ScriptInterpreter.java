package io.skillbox.core.manifest.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which interpreter runs a script of an Agent Skills bundle: the one its {@code #!} line names, else the one
 * its extension implies. Only interpreters the sandbox's system paths provide are chosen; anything else is
 * refused with the reason, never run some other way. Scripts need no execute bit: the interpreter reads them.
 */
public final class ScriptInterpreter {
    private static final Map<String, String> BY_NAME = Map.of(
            "python3", "python3", "python", "python3", "sh", "sh", "dash", "sh", "bash", "bash");
    private static final Map<String, String> BY_EXTENSION = Map.of(".py", "python3", ".sh", "sh", ".bash", "bash");
    private static final int MAX_SHEBANG = 256;

    private ScriptInterpreter() {}

    /** The command that runs {@code script}, or why none does. */
    public sealed interface Choice {
        /** @param command a command found on the sandbox's PATH, e.g. python3 */
        record Runs(String command) implements Choice {}

        /** @param reason why skillbox will not run it, naming what it found */
        record Refused(String reason) implements Choice {}
    }

    /** @param script a regular file of the bundle (links were refused or resolved by the caller) */
    public static Choice of(Path script) {
        Optional<String> shebang = shebang(script);
        if (shebang.isPresent()) {
            String program = program(shebang.get());
            String command = BY_NAME.get(program.matches("python3\\.[0-9]+") ? "python3" : program);
            return command != null ? new Choice.Runs(command)
                    : new Choice.Refused("its #! line asks for " + program + "; skillbox runs scripts with python3, sh or bash");
        }
        String name = script.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot) : "";
        String command = BY_EXTENSION.get(extension);
        return command != null ? new Choice.Runs(command)
                : new Choice.Refused((extension.isEmpty() ? "it has no extension and no #! line"
                        : "no interpreter for '" + extension + "' files") + "; skillbox runs .py (python3), .sh (sh) "
                        + "and .bash (bash) scripts, or scripts whose #! line names one of them");
    }

    /** The interpreter's name in a {@code #!} line: {@code /usr/bin/env -S python3 -u} gives python3. */
    private static String program(String line) {
        List<String> words = List.of(line.strip().split("\\s+"));
        int i = 0;
        if (!words.isEmpty() && words.getFirst().endsWith("/env")) {
            i = 1;
            while (i < words.size() && words.get(i).startsWith("-")) {
                i++;
            }
        }
        if (i >= words.size() || words.get(i).isEmpty()) {
            return "nothing";
        }
        String path = words.get(i);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static Optional<String> shebang(Path script) {
        byte[] head;
        try (InputStream in = Files.newInputStream(script, LinkOption.NOFOLLOW_LINKS)) {
            head = in.readNBytes(MAX_SHEBANG);
        } catch (IOException e) {
            return Optional.empty();
        }
        String text = new String(head, StandardCharsets.UTF_8);
        if (!text.startsWith("#!")) {
            return Optional.empty();
        }
        int end = text.indexOf('\n');
        return Optional.of(text.substring(2, end < 0 ? text.length() : end));
    }
}

package io.skillbox.core.manifest.formats;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.manifest.Bundle;
import io.skillbox.core.manifest.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The scripts of a bundle whose runs each choose one (Agent Skills: its manifest has no entrypoint), and the
 * manifest a run with {@code --script PATH -- ARGS} uses. The script must be a file of the bundle; the
 * arguments pass to it verbatim.
 */
public final class Scripts {
    /** The directory whose runnable files are listed as the skill's scripts. */
    static final String DIR = "scripts";
    /** Arguments are on the sandbox's command line: bounded, and never NUL (which exec cannot pass). */
    static final int MAX_ARGS = 256;
    static final int MAX_ARGS_CHARS = 64 * 1024;

    private static final int MAX_LISTED = 500;
    private static final int MAX_WALKED = 10_000;
    private static final int MAX_DEPTH = 8;
    private static final String FIELD = "--script";

    private Scripts() {}

    /** The runnable files under {@code scripts/}, bundle-relative and sorted; links are not followed. */
    static List<String> list(Path root) {
        Path dir = root.resolve(DIR);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir, MAX_DEPTH)) {
            return walk.limit(MAX_WALKED)
                    .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> ScriptInterpreter.of(p) instanceof ScriptInterpreter.Choice.Runs)
                    .map(p -> root.relativize(p).toString())
                    .sorted()
                    .limit(MAX_LISTED)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // BundleTree has reported an unreadable directory already
        }
    }

    /**
     * The manifest one run uses: the bundle's own, or for a bundle whose runs choose a script, one whose
     * entrypoint is {@code [interpreter, script]}.
     *
     * @param args what follows {@code --}; the compiler appends it to the entrypoint as is
     * @throws SkillboxException {@code INVALID_REQUEST} naming {@code --script} (or {@code ARGS}) and the fix
     */
    public static Manifest forRun(Bundle bundle, Optional<String> script, List<String> args) {
        Manifest m = bundle.manifest();
        List<Violation> problems = new ArrayList<>(checkArgs(script, args));
        Manifest chosen = m;
        if (!m.entrypoint().isEmpty() && script.isPresent()) {
            problems.add(new Violation(FIELD, "this skill (" + bundle.format() + ") has one entrypoint; only Agent Skills "
                    + "(SKILL.md) skills choose a script per run", "leave out --script"));
        } else if (m.entrypoint().isEmpty() && script.isEmpty()) {
            problems.add(new Violation(FIELD, m.scripts().isEmpty()
                            ? "no script chosen, and the skill has none under scripts/ (a SKILL.md without scripts is "
                                    + "instructions for a model: nothing to run in a sandbox)"
                            : "no script chosen; the skill's scripts are: " + String.join(", ", m.scripts()),
                    "choose one, e.g. skillbox run " + bundle.root() + " --script "
                            + (m.scripts().isEmpty() ? "scripts/NAME.py" : m.scripts().getFirst()) + " -- ARGS"));
        } else if (script.isPresent()) {
            chosen = entrypoint(bundle, script.get(), problems).map(m::withEntrypoint).orElse(m);
        }
        if (!problems.isEmpty()) {
            throw new SkillboxException(ErrorCode.INVALID_REQUEST, "cannot run " + m.name() + " as asked", problems);
        }
        return chosen;
    }

    private static Optional<List<String>> entrypoint(Bundle bundle, String script, List<Violation> problems) {
        Optional<Path> file = inBundle(bundle.root(), script, problems);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return switch (ScriptInterpreter.of(file.get())) {
            case ScriptInterpreter.Choice.Runs runs ->
                    Optional.of(List.of(runs.command(), Path.of(script).normalize().toString()));
            case ScriptInterpreter.Choice.Refused refused -> {
                problems.add(new Violation(FIELD, "'" + script + "' cannot be run: " + refused.reason(),
                        "choose a Python or shell script of the bundle"));
                yield Optional.empty();
            }
        };
    }

    /** The real path of a bundle-relative regular file, refusing anything that names a place outside the bundle. */
    private static Optional<Path> inBundle(Path root, String script, List<Violation> problems) {
        String fix = "name a script inside the bundle, relative to its directory, e.g. scripts/extract.py";
        Path relative;
        try {
            relative = Path.of(script);
        } catch (InvalidPathException e) {
            problems.add(new Violation(FIELD, "'" + script + "' is not a valid path: " + e.getReason(), fix));
            return Optional.empty();
        }
        if (script.isBlank() || relative.isAbsolute() || relative.normalize().startsWith("..")
                || relative.normalize().toString().isEmpty()) {
            problems.add(new Violation(FIELD, "'" + script + "' is not a file inside the bundle", fix));
            return Optional.empty();
        }
        Path real;
        try {
            real = root.resolve(relative.normalize()).toRealPath();
        } catch (IOException e) {
            problems.add(new Violation(FIELD, "'" + script + "' does not exist in the bundle", fix));
            return Optional.empty();
        }
        if (!real.startsWith(root) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            problems.add(new Violation(FIELD, "'" + script + "' is not a regular file inside the bundle", fix));
            return Optional.empty();
        }
        return Optional.of(real);
    }

    private static List<Violation> checkArgs(Optional<String> script, List<String> args) {
        if (args.isEmpty()) {
            return List.of();
        }
        if (script.isEmpty()) {
            return List.of(new Violation("ARGS", "arguments were given without --script; only a chosen script takes them",
                    "leave them out, or choose a script of an Agent Skills skill with --script"));
        }
        int chars = args.stream().mapToInt(String::length).sum();
        if (args.size() > MAX_ARGS || chars > MAX_ARGS_CHARS) {
            return List.of(new Violation("ARGS", args.size() + " arguments of " + chars + " characters in all; at most "
                    + MAX_ARGS + " arguments and " + MAX_ARGS_CHARS + " characters are passed",
                    "pass large inputs on stdin instead"));
        }
        if (args.stream().anyMatch(a -> a.indexOf('\0') >= 0)) {
            return List.of(new Violation("ARGS", "an argument contains a NUL character, which a command line cannot hold",
                    "remove it, or pass the data on stdin"));
        }
        return List.of();
    }
}

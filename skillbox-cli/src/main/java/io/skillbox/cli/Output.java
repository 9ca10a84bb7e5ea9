package io.skillbox.cli;

import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Json;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/** How commands print: results on stdout, logs and diagnostics on stderr. */
final class Output {
    private Output() {}

    static String pretty(Object value) {
        return Json.json().writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    }

    /** Prints a run the way a person wants it: the skill's result on stdout, everything else on stderr. */
    static void human(RunResult r, java.nio.file.Path artifactDir, PrintStream out, PrintStream err) {
        if (!r.stderr().isEmpty()) {
            err.print(r.stderr());
            if (!r.stderr().endsWith("\n")) {
                err.println();
            }
        }
        JsonNode result = r.result();
        if (result != null) {
            out.println(result.isString() ? r.stdout().stripTrailing() : pretty(result));
        }
        if (r.status() != RunStatus.SUCCEEDED) {
            StringBuilder line = new StringBuilder("skillbox: run " + r.runId() + " " + r.status().wireName());
            if (r.exitCode() != null) {
                line.append(" (exit ").append(r.exitCode()).append(')');
            }
            if (r.error() != null) {
                line.append(": ").append(r.error().message());
            }
            err.println(line);
        }
        violations(r.violations(), err::println);
        if (r.forensics() != null) {
            err.println("skillbox: forensics bundle " + r.forensics() + " (check it with `skillbox forensics verify`)");
        }
        long saved = r.artifacts().stream().filter(a -> a.savedTo() != null).count();
        if (saved > 0) {
            err.println("skillbox: saved " + saved + " artifact(s) under "
                    + artifactDir.toAbsolutePath().normalize().resolve(r.runId()));
        }
    }

    /** Each violation as two lines: where and what, then the fix. */
    static void violations(List<Violation> violations, Consumer<String> println) {
        for (Violation v : violations) {
            println.accept("  - " + v.field() + ": " + v.problem());
            println.accept("    fix: " + v.fix());
        }
    }
}

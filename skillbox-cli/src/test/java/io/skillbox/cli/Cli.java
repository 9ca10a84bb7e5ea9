package io.skillbox.cli;

import io.skillbox.core.ExampleSkills;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Runs the CLI in-process through {@link Main#execute}, with stdout and stderr captured and stdin empty
 * (so no command waits for params on the test runner's stdin). Not thread-safe: it swaps the JVM's
 * standard streams for the duration of the call.
 */
final class Cli {
    /** The checkout's {@code examples/skills}, found from the module directory the tests run in. */
    static final Path EXAMPLES = ExampleSkills.root();

    private Cli() {}

    /** What one invocation did. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static Result run(String... args) {
        return withStdin("", args);
    }

    /** {@link #run} with {@code stdin} as the command's standard input. */
    static Result withStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        int code;
        try (PrintStream newOut = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream newErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(newOut);
            System.setErr(newErr);
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            code = Main.execute(args);
            newOut.flush();
            newErr.flush();
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@link #run} with {@code --policy POLICY} appended, e.g. a policy that keeps the state in a temporary directory. */
    static Result withPolicy(Path policy, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--policy";
        all[args.length + 1] = policy.toString();
        return run(all);
    }

    /**
     * A policy file under {@code dir} whose state directory (audit log, run records, violation counts,
     * automatic revocations) is {@code dir/state}: tests that run skills must not share, or pollute, the
     * host's /var/lib/skillbox, where a bundle's violations add up across test runs.
     */
    static Path isolatedPolicy(Path dir, String extra) {
        try {
            return java.nio.file.Files.writeString(dir.resolve("policy.yaml"),
                    "state: { dir: " + dir.resolve("state") + " }\n" + extra);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String example(String name) {
        return EXAMPLES.resolve(name).toString();
    }
}

package io.skillbox.cli;

import io.skillbox.core.forensics.ForensicsReport;
import io.skillbox.core.forensics.ForensicsVerifier;
import io.skillbox.core.oversight.Oversight;
import io.skillbox.core.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skillbox forensics RUN} and {@code skillbox forensics verify FILE} (docs/FORENSICS.md). */
@Command(name = "forensics", mixinStandardHelpOptions = true,
        description = {"Write the signed forensics bundle of a run (run record, stdout, stderr, the snapshot of",
                "/work if one was kept, the audit excerpt, the spec) and print its path. A run that failed or",
                "broke its contract already has one; for others it is made from the run's record."},
        subcommands = ForensicsCommand.Verify.class, footer = ExitCodes.HELP)
final class ForensicsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "The run id.")
    String runId;

    @Option(names = "--out", paramLabel = "FILE", description = "Also copy the bundle to FILE.")
    Path out;

    @Mixin
    PolicyOption policy;

    @Override
    public Integer call() {
        if (runId == null) {
            System.err.println("skillbox: name a run (skillbox forensics RUN) or a bundle to check "
                    + "(skillbox forensics verify FILE)");
            return ExitCodes.USAGE;
        }
        Policy p = policy.load();
        Path zip;
        try (Oversight o = Oversight.open(p.oversight())) {
            zip = o.forensics(runId);
        }
        if (out != null) {
            try {
                Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + zip + " to " + out + ": " + e.getMessage(), e);
            }
            zip = out;
        }
        System.out.println(zip);
        return ExitCodes.OK;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check a forensics bundle: its signature, and every entry against the signed manifest.",
                    "Exits 0 when it is valid, 1 when it is not."},
            footer = ExitCodes.HELP)
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The bundle (.zip).")
        Path file;

        @Mixin
        StateOptions state;

        @Override
        public Integer call() {
            ForensicsReport report = ForensicsVerifier.verify(file, state.publicKey(state.layout()));
            System.out.println("bundle: " + file);
            System.out.println("run:    " + report.runId());
            System.out.println("key:    " + report.keyId());
            if (report.valid()) {
                System.out.println("valid:  yes");
                return ExitCodes.OK;
            }
            System.out.println("valid:  NO");
            report.problems().forEach(p -> System.out.println("  - " + p));
            return ExitCodes.SKILL_FAILED;
        }
    }
}

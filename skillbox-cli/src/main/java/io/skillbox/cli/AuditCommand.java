package io.skillbox.cli;

import io.skillbox.core.audit.AuditEntry;
import io.skillbox.core.audit.AuditReader;
import io.skillbox.core.audit.AuditReport;
import io.skillbox.core.audit.AuditVerifier;
import io.skillbox.core.crypto.Ed25519;
import io.skillbox.core.json.Json;
import io.skillbox.core.oversight.StateLayout;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skillbox audit verify|show}: the tamper-evident audit log (docs/AUDIT.md). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check the audit log or show one run's entries.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Show.class}, footer = ExitCodes.HELP)
final class AuditCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The log to read: --log, else the policy's state directory. */
    static final class LogOption {
        @Option(names = "--log", paramLabel = "FILE", description = "The audit log. Default: STATE/audit/audit.jsonl, "
                + "STATE being the policy's state.dir.")
        Path log;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check every entry's hash chain, every signed checkpoint and the signed head file.",
                    "Reports each edited, deleted, inserted, reordered or truncated entry with its line, byte",
                    "offset and seq. Exits 0 when the log is intact, 1 when it is not."},
            footer = ExitCodes.HELP)
    static final class Verify implements Callable<Integer> {
        @Mixin
        LogOption log;

        @Mixin
        StateOptions state;

        @Override
        public Integer call() {
            StateLayout layout = state.layout();
            Path file = log.log != null ? log.log : layout.auditLog();
            Optional<PublicKey> key = state.publicKey(layout);
            AuditReport report = AuditVerifier.verify(file, key);
            System.out.println("log:         " + file);
            System.out.println("key:         " + key.map(Ed25519::keyId).map(id -> id + " (required)")
                    .orElse(report.keyId() == null ? "none" : report.keyId() + " (taken from the log: pass --key to pin it)"));
            System.out.println("entries:     " + report.entries() + ", " + report.checkpoints() + " signed checkpoints");
            report.warnings().forEach(w -> System.out.println("warning:     " + w));
            if (report.intact()) {
                System.out.println("intact:      yes");
                return ExitCodes.OK;
            }
            System.out.println("intact:      NO");
            report.problems().forEach(p -> System.out.println("  - " + p));
            return ExitCodes.SKILL_FAILED;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print one run's audit entries, oldest first (does not verify: use `audit verify`).",
            footer = ExitCodes.HELP)
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RUN", description = "The run id, as `skillbox run` printed it.")
        String runId;

        @Option(names = "--json", description = "Print the entries as JSON lines, exactly as logged.")
        boolean json;

        @Mixin
        LogOption log;

        @Mixin
        PolicyOption policy;

        @Override
        public Integer call() {
            Path file = log.log != null ? log.log : StateOptions.layout(policy).auditLog();
            if (json) {
                AuditReader.linesForRun(file, runId).forEach(System.out::println);
                return ExitCodes.OK;
            }
            List<AuditEntry> entries = AuditReader.forRun(file, runId);
            if (entries.isEmpty()) {
                System.err.println("skillbox: no entries for run " + runId + " in " + file);
                return ExitCodes.SKILL_FAILED;
            }
            for (AuditEntry e : entries) {
                System.out.println(e.seq() + "  " + e.time() + "  " + e.type() + "  " + Json.json().writeValueAsString(e.data()));
            }
            return ExitCodes.OK;
        }
    }
}

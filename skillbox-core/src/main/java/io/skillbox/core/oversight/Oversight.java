package io.skillbox.core.oversight;

import io.skillbox.core.audit.AuditLog;
import io.skillbox.core.audit.AuditOptions;
import io.skillbox.core.audit.AuditReader;
import io.skillbox.core.audit.FsyncPolicy;
import io.skillbox.core.contract.ContractViolations;
import io.skillbox.core.contract.ViolationLedger;
import io.skillbox.core.crypto.HostKey;
import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.forensics.ForensicsContents;
import io.skillbox.core.forensics.ForensicsWriter;
import io.skillbox.core.forensics.WorkCapture;
import io.skillbox.core.json.Json;
import io.skillbox.core.network.NetworkEvents;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.run.RunPreparer;
import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.core.trust.Revocation;
import io.skillbox.core.trust.RevocationFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Audit, behaviour contract, run records and forensics for every run of one {@link io.skillbox.core.run.Skillbox}.
 * Thread-safe. Opened from the policy's {@code state}, {@code audit}, {@code forensics} and {@code contract}
 * sections; closing signs a final checkpoint.
 */
public final class Oversight implements AutoCloseable {
    private final Policy.Oversight settings;
    private final StateLayout layout;
    private final HostKey key;
    private final AuditLog audit;
    private final ViolationLedger ledger;
    private final RunRecords records;

    private Oversight(Policy.Oversight settings, StateLayout layout, HostKey key, AuditLog audit) {
        this.settings = settings;
        this.layout = layout;
        this.key = key;
        this.audit = audit;
        this.ledger = new ViolationLedger(layout.violationLedger());
        this.records = new RunRecords(layout.runs());
    }

    /** Opens (creating on first use) the state directory, the host key and the audit log. */
    public static Oversight open(Policy.Oversight settings) {
        StateLayout layout = new StateLayout(settings.stateDir());
        try {
            Files.createDirectories(layout.root());
            if (!Files.exists(layout.autoRevocations())) {
                RevocationFiles.create(layout.autoRevocations());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the state directory " + layout.root() + ": " + e.getMessage(), e);
        }
        HostKey key = HostKey.loadOrCreate(layout.keys());
        AuditLog audit = AuditLog.open(layout.auditLog(), key, new AuditOptions(
                FsyncPolicy.valueOf(settings.auditFsync().toUpperCase(Locale.ROOT)), settings.checkpointEvery()));
        return new Oversight(settings, layout, key, audit);
    }

    public StateLayout layout() {
        return layout;
    }

    public HostKey hostKey() {
        return key;
    }

    /**
     * The policy with skillbox's own revocation list (in its state directory) added, once that list exists,
     * so that automatic revocations take effect for runs and checks alike.
     */
    public static Policy governing(Policy policy) {
        Path auto = new StateLayout(policy.oversight().stateDir()).autoRevocations();
        return Files.exists(auto) ? policy.withTrust(policy.trust().withRevocationFile(auto)) : policy;
    }

    /**
     * Where the network gateway's decisions go: each egress allow and deny, brokered call and token minted
     * is an audit entry of its run. A failure to record propagates, so the gateway refuses what it cannot log.
     */
    public NetworkEvents networkEvents() {
        return (runId, event, details) -> audit.append(event, runId, Json.json().valueToTree(details));
    }

    public void requested(String runId, RunRequest request) {
        audit.append(AuditEvents.REQUESTED, runId, AuditEvents.requested(request));
    }

    public void refused(String runId, SkillboxException reason) {
        audit.append(AuditEvents.REFUSED, runId, AuditEvents.refused(reason));
        audit.sync();
    }

    /** Recorded, and on disk under fsync {@code run}, before the skill's first instruction. */
    public void started(String runId, RunPreparer.Prepared prepared) {
        audit.append(AuditEvents.STARTED, runId, AuditEvents.started(prepared));
        audit.sync();
    }

    /**
     * Everything after a run: why it was killed, each contract violation (and the revocation they may
     * trigger), the finish, the run record and, when called for, a signed forensics bundle.
     *
     * @return the result, with the forensics bundle's path when one was written
     */
    public RunResult finished(RunResult result, RunRequest request, RunPreparer.Prepared prepared, WorkCapture work) {
        String runId = result.runId();
        if (isKill(result.status())) {
            audit.append(AuditEvents.KILLED, runId, AuditEvents.killed(result));
        }
        List<Violation> breaches = ContractViolations.of(result);
        contract(result, prepared, breaches);
        audit.append(AuditEvents.FINISHED, runId, AuditEvents.finished(result));
        ObjectNode record = record(result, prepared, work);
        records.save(runId, record);
        Optional<String> why = forensicsReason(result, request, breaches);
        RunResult out = result;
        if (why.isPresent()) {
            Path zip = writeForensics(runId, record, work, why.get());
            out = result.withForensics(zip.toString());
        }
        audit.sync();
        return out;
    }

    /**
     * Writes (or returns, when the run already has one) the forensics bundle of a past run from its record
     * and the audit log. /work is gone by then unless the run kept a snapshot.
     */
    public Path forensics(String runId) {
        Path zip = layout.forensics().resolve(runId + ".zip");
        if (Files.exists(zip)) {
            return zip;
        }
        JsonNode record = records.load(runId).orElseThrow(() -> new SkillboxException(ErrorCode.INVALID_REQUEST,
                "no record of run " + runId + " in " + layout.runs() + " (skillbox keeps the last "
                        + RunRecords.KEEP + " runs)"));
        return writeForensics(runId, (ObjectNode) record, WorkCapture.notCaptured("the run ended without trouble, "
                + "so /work was discarded; run with --forensics to keep a snapshot"), "requested");
    }

    private void contract(RunResult result, RunPreparer.Prepared p, List<Violation> breaches) {
        if (breaches.isEmpty()) {
            return;
        }
        String hash = p.trust().bundleHash();
        int total = ledger.add(hash, result.skill(), breaches.size());
        for (Violation v : breaches) {
            audit.append(AuditEvents.VIOLATION, result.runId(), AuditEvents.violation(v, total, settings.revokeAfter()));
        }
        int before = total - breaches.size();
        if (settings.revokeAfter() > 0 && before < settings.revokeAfter() && total >= settings.revokeAfter()) {
            String reason = total + " behaviour-contract violations (contract.revokeAfter: " + settings.revokeAfter()
                    + "); the last: " + breaches.getLast().field() + ": " + breaches.getLast().problem()
                    + " (run " + result.runId() + ")";
            RevocationFiles.append(layout.autoRevocations(), new Revocation.ByBundleHash(hash, reason));
            audit.append(AuditEvents.REVOKED, result.runId(), AuditEvents.revoked(hash, result.skill(), reason));
        }
    }

    private Optional<String> forensicsReason(RunResult r, RunRequest request, List<Violation> breaches) {
        if (request.forensics()) {
            return Optional.of("requested");
        }
        if (!breaches.isEmpty() && settings.forensicsOn().contains("violation")) {
            return Optional.of("violation");
        }
        boolean failed = r.status() != RunStatus.SUCCEEDED && r.status() != RunStatus.DENIED;
        if (failed && settings.forensicsOn().contains("failure")) {
            return Optional.of("failure");
        }
        return Optional.empty();
    }

    private Path writeForensics(String runId, ObjectNode record, WorkCapture work, String why) {
        Path zip = layout.forensics().resolve(runId + ".zip");
        try {
            Files.createDirectories(layout.forensics());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + layout.forensics() + ": " + e.getMessage(), e);
        }
        // Everything this run logged so far; the forensics.written entry itself follows the bundle.
        List<String> excerpt = AuditReader.linesForRun(audit.file(), runId);
        JsonNode result = record.path("result");
        ForensicsWriter.write(zip, new ForensicsContents(runId, result,
                result.path("stdout").asString("").getBytes(StandardCharsets.UTF_8),
                result.path("stderr").asString("").getBytes(StandardCharsets.UTF_8),
                record.path("spec"),
                excerpt, work.files(), work.info(), Instant.now(), why), key);
        audit.append(AuditEvents.FORENSICS, runId, AuditEvents.forensics(zip.toString(), why));
        return zip;
    }

    private static ObjectNode record(RunResult result, RunPreparer.Prepared prepared, WorkCapture work) {
        ObjectNode record = Json.json().createObjectNode();
        record.set("result", Json.json().valueToTree(result));
        record.set("spec", Json.json().valueToTree(prepared.spec()));
        record.set("trust", AuditEvents.trust(prepared.trust()));
        record.put("workCaptured", work.captured());
        return record;
    }

    private static boolean isKill(RunStatus s) {
        return s == RunStatus.TIMED_OUT || s == RunStatus.MEMORY_EXCEEDED || s == RunStatus.OUTPUT_EXCEEDED
                || s == RunStatus.KILLED;
    }

    @Override
    public void close() {
        audit.close();
    }
}

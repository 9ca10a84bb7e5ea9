package io.skillbox.cli;

import io.skillbox.core.backend.Availability;
import io.skillbox.core.backend.Backend;
import io.skillbox.core.policy.Policy;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.RunStatus;
import io.skillbox.core.run.Skillbox;
import io.skillbox.spec.Isolation;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code skillbox doctor}: which tiers this host can enforce, and how to get the others. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Show which isolation tiers this host can enforce, prove the available ones with a",
                "real sandboxed run, and say how to install what is missing.",
                "Exits 0 when the policy's default tier works here, 3 otherwise."},
        footer = ExitCodes.HELP)
final class DoctorCommand implements Callable<Integer> {
    @Mixin
    PolicyOption policy;

    /** Tiers no backend of this build implements yet, with what the host has toward them. */
    private static final List<PlannedTier> PLANNED = List.of(
            new PlannedTier(Isolation.WASM, null, "nothing to install: the Wasm tier runs in the JVM"));

    private record PlannedTier(Isolation tier, String tool, String install) {}

    @Override
    public Integer call() {
        Policy p = policy.load();
        System.out.println("host: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + ", java " + Runtime.version());
        System.out.println("policy: " + p.source() + " (default tier " + p.defaultIsolation().wireName() + ")");
        boolean defaultWorks = false;
        try (Skillbox box = Skillboxes.create(p)) {
            for (Backend backend : box.backends().backends()) {
                boolean works = report(box, backend);
                if (works && backend.tiers().contains(p.defaultIsolation())) {
                    defaultWorks = true;
                }
            }
        }
        for (PlannedTier planned : PLANNED) {
            String tool = planned.tool() == null ? "" : "; " + planned.tool() + " is "
                    + (DoctorProbes.onPath(planned.tool()) ? "installed" : "not installed");
            System.out.printf("%-11s unavailable  no backend for this tier in this version of skillbox yet%s%n",
                    planned.tier().wireName(), tool);
            System.out.printf("%-11s              when it lands: %s%n", "", planned.install());
        }
        return defaultWorks ? ExitCodes.OK : ExitCodes.REFUSED;
    }

    private static boolean report(Skillbox box, Backend backend) {
        String tiers = String.join(",", backend.tiers().stream().map(Isolation::wireName).toList());
        Availability a = backend.availability();
        if (!a.available()) {
            System.out.printf("%-11s unavailable  %s%n", tiers, backend.name() + (a.detail().isEmpty() ? "" : " (" + a.detail() + ")"));
            for (int i = 0; i < a.problems().size(); i++) {
                System.out.printf("%-11s              problem: %s%n", "", a.problems().get(i));
                if (i < a.fixes().size()) {
                    System.out.printf("%-11s              fix:     %s%n", "", a.fixes().get(i));
                }
            }
            return false;
        }
        RunResult smoke = DoctorProbes.smokeTest(box, backend.tiers().iterator().next());
        boolean ok = smoke.status() == RunStatus.SUCCEEDED;
        System.out.printf("%-11s %-12s %s; smoke test %s%n", tiers, ok ? "ok" : "BROKEN", a.detail(),
                ok ? "passed (" + smoke.durationMs() + " ms)" : smoke.status().wireName() + ": "
                        + (smoke.error() != null ? smoke.error().message() : smoke.stderr().strip()));
        return ok;
    }
}

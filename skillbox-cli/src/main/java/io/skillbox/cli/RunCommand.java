package io.skillbox.cli;

import io.skillbox.core.run.RunRequest;
import io.skillbox.core.run.RunResult;
import io.skillbox.core.run.Skillbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skillbox run BUNDLE}: one run, result on stdout. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a skill in a fresh sandbox and print its result.",
                "BUNDLE holds skill.yaml, a Skillware manifest.yaml with skill.py, an Agent Skills SKILL.md,",
                "or a skill-engine .skill-engine.toml (its docker skill, run in its image).",
                "Params come from --params, --params-file, or stdin when stdin is not a terminal;",
                "without any, the skill gets {}. The skill's logs (stderr) go to stderr.",
                "A SKILL.md skill runs one of its scripts per run: --script scripts/x.py -- ARGS;",
                "the input (--params, --params-file or stdin) is then the script's stdin, as is."},
        footer = ExitCodes.HELP)
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BUNDLE",
            description = "The skill's directory (with skill.yaml, manifest.yaml and skill.py, SKILL.md, or "
                    + ".skill-engine.toml).")
    Path bundle;

    @Parameters(index = "1..*", paramLabel = "ARGS", arity = "0..*",
            description = "After --: the arguments of the --script, passed verbatim.")
    List<String> args = List.of();

    @Option(names = "--script", paramLabel = "PATH",
            description = "For an Agent Skills (SKILL.md) skill: the bundle file to run, e.g. scripts/extract.py "
                    + "(.py by python3, .sh by sh, or the interpreter its #! line names). Without it, the skill's "
                    + "scripts are listed.")
    String script;

    @Option(names = "--isolated", description = "Accepted for Skillware's `run --isolated`; every skillbox run is "
            + "isolated in a fresh sandbox, so it changes nothing.")
    boolean isolated;

    @Mixin
    ParamsOptions params;

    @Mixin
    PolicyOption policy;

    @Option(names = "--isolation", paramLabel = "TIER",
            description = "Ask for this isolation tier instead of the manifest's runtime.isolation: namespaces, "
                    + "container, gvisor, microvm. A request the policy may refuse, never a way around it.")
    String isolation;

    @Option(names = "--json", description = "Print the whole run result as JSON instead of just the skill's result.")
    boolean json;

    @Option(names = "--artifacts", paramLabel = "DIR", defaultValue = "skillbox-artifacts",
            description = "Save files the skill leaves in /work/out under DIR/<run-id>/ (default: ${DEFAULT-VALUE}).")
    Path artifacts;

    @Option(names = "--forensics", description = "Write a signed forensics bundle of this run (with a snapshot of "
            + "/work) whatever its outcome; by default one is written when the skill fails or breaks its contract.")
    boolean forensics;

    @Option(names = "--agent", paramLabel = "NAME", defaultValue = "local",
            description = "The agent this run acts for: the parent of its scoped token, whose grants (policy "
                    + "credentials.agents) bound the capabilities it gets. Default: ${DEFAULT-VALUE}.")
    String agent;

    @Override
    public Integer call() {
        RunRequest request = new RunRequest(bundle, params.read(true), Optional.of(artifacts), forensics, agent,
                Optional.ofNullable(isolation), Optional.ofNullable(script), args);
        try (Skillbox box = Skillboxes.audited(policy.load())) {
            RunResult result = box.run(request);
            if (json) {
                System.out.println(Output.pretty(result));
            } else {
                Output.human(result, artifacts, System.out, System.err);
            }
            return ExitCodes.of(result.status());
        }
    }
}

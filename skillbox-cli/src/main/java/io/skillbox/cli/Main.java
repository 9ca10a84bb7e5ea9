package io.skillbox.cli;

import io.skillbox.core.error.SkillboxException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/skillbox}. */
@Command(name = "skillbox", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs AI-agent skills in a fresh, locked-down sandbox, one run at a time.",
        subcommands = {RunCommand.class, CheckCommand.class, DoctorCommand.class, BenchCommand.class, AuditCommand.class,
                ForensicsCommand.class,
                SignCommand.class, VerifyCommand.class, KeygenCommand.class, TokenCommand.class, SecretsCommand.class,
                CommandLine.HelpCommand.class},
        footer = ExitCodes.HELP)
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code; never calls System.exit. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(Main::handle);
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("skillbox: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof SkillboxException s) {
            err.println("skillbox: " + s.getMessage());
            Output.violations(s.violations(), err::println);
            return ExitCodes.of(s.code());
        }
        err.println("skillbox: internal error: " + e);
        if (System.getenv("SKILLBOX_DEBUG") != null) {
            e.printStackTrace(err);
        }
        return ExitCodes.INTERNAL;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The version from the jar's manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"skillbox " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}

package io.skillbox.cli;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.gateway.secrets.SecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code skillbox secrets set|list|rm}: the broker's encrypted secret store (policy credentials.store). */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = {"Manage the credential broker's secret store: a file encrypted with AES-256-GCM whose key",
                "comes from $SKILLBOX_SECRETS_KEY (or the policy's credentials.store.keyEnv) or the key file.",
                "Providers name an entry as secret: \"store:NAME\". Values never appear in output."},
        subcommands = {SecretsCommand.Set.class, SecretsCommand.ListNames.class, SecretsCommand.Remove.class},
        footer = ExitCodes.HELP)
final class SecretsCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static SecretStore open(PolicyOption policy) {
        return SecretStore.open(policy.load().credentials().store(), System.getenv());
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Store NAME; the value is read from stdin (one trailing newline is dropped), never from the command line.",
            footer = ExitCodes.HELP)
    static final class Set implements Callable<Integer> {
        @Mixin
        PolicyOption policy;

        @Parameters(paramLabel = "NAME", description = "lowercase letters, digits, '.', '_', '-', '/'")
        String name;

        @Override
        public Integer call() {
            if (!name.matches("[a-z0-9][a-z0-9._/-]{0,127}")) {
                throw new SkillboxException(ErrorCode.INVALID_REQUEST, "nothing was stored", List.of(new Violation("NAME",
                        "'" + name + "' is not a secret name", "use lowercase letters, digits, '.', '_', '-', '/'")));
            }
            String value;
            try {
                value = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            if (value.isEmpty()) {
                throw new SkillboxException(ErrorCode.INVALID_REQUEST, "nothing was stored", List.of(new Violation("stdin",
                        "the value is empty", "pipe the secret in, e.g. `printf %s \"$KEY\" | skillbox secrets set " + name + "`")));
            }
            open(policy).put(name, value);
            System.out.println("stored " + name + " (" + value.length() + " characters)");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the names in the store.",
            footer = ExitCodes.HELP)
    static final class ListNames implements Callable<Integer> {
        @Mixin
        PolicyOption policy;

        @Override
        public Integer call() {
            open(policy).names().forEach(System.out::println);
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove NAME from the store.",
            footer = ExitCodes.HELP)
    static final class Remove implements Callable<Integer> {
        @Mixin
        PolicyOption policy;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            boolean removed = open(policy).remove(name);
            System.out.println(removed ? "removed " + name : name + " was not in the store");
            return removed ? ExitCodes.OK : ExitCodes.SKILL_FAILED;
        }
    }
}

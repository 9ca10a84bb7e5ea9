package io.skillbox.cli;

import io.skillbox.core.error.ErrorCode;
import io.skillbox.core.error.SkillboxException;
import io.skillbox.core.error.Violation;
import io.skillbox.core.json.Quantities;
import io.skillbox.core.oversight.Oversight;
import io.skillbox.core.policy.Policy;
import io.skillbox.gateway.Gateway;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skillbox token agent NAME}: a parent-agent token for the broker's {@code POST /v1/tokens/scoped}. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Mint tokens signed with this host's broker key (STATE/keys/broker.key).",
        subcommands = TokenCommand.Agent.class, footer = ExitCodes.HELP)
final class TokenCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "agent", mixinStandardHelpOptions = true,
            description = {"Print an agent token for NAME: a JWT (EdDSA) whose capabilities are the agent's grants",
                    "in the policy (credentials.agents.NAME.grants). An agent presents it as the bearer of",
                    "POST /v1/tokens/scoped to mint scoped tokens for the skills it runs. Keep it secret."},
            footer = ExitCodes.HELP)
    static final class Agent implements Callable<Integer> {
        @Mixin
        PolicyOption policy;

        @Parameters(paramLabel = "NAME", description = "The agent, as named in the policy's credentials.agents.")
        String name;

        @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "1h",
                description = "How long the token lives, e.g. 15m or 8h. Default: ${DEFAULT-VALUE}.")
        String ttl;

        @Override
        public Integer call() {
            Duration life = Quantities.parseDuration(ttl).filter(d -> !d.isZero()).orElseThrow(() -> new SkillboxException(
                    ErrorCode.INVALID_REQUEST, "no token was minted", List.of(new Violation("--ttl",
                            "'" + ttl + "' is not a positive duration", "write " + Quantities.DURATION_SYNTAX))));
            Policy p = policy.load();
            // Minting is audited like every other token the broker issues (token.minted, never the token).
            try (Oversight oversight = Oversight.open(p.oversight());
                    Gateway gateway = Gateway.forHost(p, oversight.networkEvents())) {
                System.out.println(gateway.broker().mintAgentToken(name, life));
            }
            return ExitCodes.OK;
        }
    }
}

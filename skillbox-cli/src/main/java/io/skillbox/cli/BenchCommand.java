package io.skillbox.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the bench lands in this change set. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure skillbox's overhead.")
final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("bench");
    }
}

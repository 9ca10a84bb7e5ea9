package io.skillbox.linux.bwrap;

import java.util.ArrayList;
import java.util.List;

/**
 * A fully lowered bwrap invocation: {@code bwrap --args <fd> -- <command...>}, where the options are
 * read from the args descriptor and every other descriptor is listed in {@link #fds}.
 *
 * @param options the bwrap options, in order, one element per argument
 * @param command the skill's argv, appended after {@code --}
 * @param fds     every descriptor the child receives, by child fd number
 */
public record BwrapCommand(List<String> options, List<String> command, List<FdSource> fds) {
    public BwrapCommand {
        options = List.copyOf(options);
        command = List.copyOf(command);
        fds = List.copyOf(fds);
    }

    /** The argv bwrap itself is started with. */
    public List<String> argv(String bwrap, int argsFd) {
        List<String> argv = new ArrayList<>(List.of(bwrap, "--args", Integer.toString(argsFd), "--"));
        argv.addAll(command);
        return argv;
    }


    /**
     * A stable text form for golden files and {@code skillbox check}: options grouped one option per
     * line with its operands, then the descriptor table, then the command.
     */
    public String render() {
        StringBuilder out = new StringBuilder("bwrap options (passed through --args):\n");
        for (List<String> group : BwrapOptions.group(options)) {
            out.append("  ").append(String.join(" ", group.stream().map(BwrapCommand::quote).toList())).append('\n');
        }
        out.append("descriptors:\n");
        for (FdSource fd : fds) {
            out.append("  ").append(fd.childFd()).append(": ").append(fd.describe()).append('\n');
        }
        out.append("command:\n  ").append(String.join(" ", command.stream().map(BwrapCommand::quote).toList()))
                .append('\n');
        return out.toString();
    }

    private static String quote(String arg) {
        return arg.matches("[A-Za-z0-9_./:=@%+,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}

package io.procshare.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code procshare}: the command line of a procshare node and its clients (DESIGN §8).
 * Exit status: 0 success, 1 the operation failed, 2 bad usage.
 */
@Command(name = "procshare", mixinStandardHelpOptions = true, versionProvider = ProcshareCli.Version.class,
        description = "One multi-threaded process running on several machines as if they were one.",
        subcommands = {NodeCommand.class, ClusterCommand.class, StatusCommand.class, SubmitCommand.class,
                KillCommand.class, DemoCommand.class, LoadCommand.class, LitmusCommand.class, CommandLine.HelpCommand.class})
public final class ProcshareCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting, for tests. */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("procshare: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("procshare.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cli.execute(args);
    }

    /** The command tree, configured: everything after {@code submit}'s TASK belongs to the task. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ProcshareCli());
        cli.getSubcommands().get("submit").setStopAtPositional(true);
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ProcshareCli.class.getPackage().getImplementationVersion();
            return new String[] {"procshare " + (v == null ? "dev" : v) + " on Java " + Runtime.version()};
        }
    }
}

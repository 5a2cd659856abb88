package io.procshare.node.cli;

import io.procshare.node.client.BridgeClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code procshare}: the command line of a procshare node and its clients (DESIGN §8).
 * Exit status: 0 success, 1 the operation failed, 2 bad usage (a node that refuses the client for
 * a missing or wrong secret included: nothing was done).
 */
@Command(name = "procshare", mixinStandardHelpOptions = true, versionProvider = ProcshareCli.Version.class,
        description = "One multi-threaded process running on several machines as if they were one.",
        subcommands = {NodeCommand.class, ClusterCommand.class, StatusCommand.class, SubmitCommand.class, RunCommand.class,
                KillCommand.class, ConsoleCommand.class, DemoCommand.class, LoadCommand.class, LoadgenCommand.class,
                LitmusCommand.class, CommandLine.HelpCommand.class})
public final class ProcshareCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI without exiting, for tests. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The command tree, configured: everything after {@code submit}'s TASK belongs to the task; a
     * failure prints "procshare: " and its message and exits 1, or 2 when a node refused the client.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ProcshareCli());
        cli.getSubcommands().get("submit").setStopAtPositional(true);
        cli.getSubcommands().get("run").setStopAtPositional(true);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("procshare: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("procshare.debug")) {
                ex.printStackTrace(cmd.getErr());
            }
            return ex instanceof BridgeClient.Unauthorized ? 2 : 1;
        });
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

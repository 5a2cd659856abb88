package io.procshare.node.cli;

import io.procshare.node.client.BridgeClient;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * {@code procshare run} as a library, for programs that run riscv64 binaries over a cluster and
 * look at the result themselves (the load generator's {@code riscv} experiment): the same client
 * code as the command ({@link RemoteProcess}: the binary in bounded chunks, output acknowledged as
 * it arrives, the same deadlines), with no stdin (the program's fd 0 is at its end), and its
 * stdout and stderr collected in memory rather than written to this process's.
 *
 * <pre>{@code
 * try (BridgeClient c = BridgeClient.connect("127.0.0.1", 7000, 3000)) {
 *     RunClient.Result r = RunClient.run(c, "matmul", image, List.of("400"), "pack", null);
 * }
 * }</pre>
 */
public final class RunClient {

    /** Most output bytes kept per stream; a benchmark prints a line, a runaway program is cut here. */
    public static final int MAX_OUTPUT_BYTES = 1 << 20;

    /**
     * How the program ended.
     *
     * @param pid         its cluster pid
     * @param status      its exit status (128 + signal after a fault)
     * @param message     the home's message about its end (empty after a normal exit)
     * @param stdout      what it wrote to fd 1 (at most {@link #MAX_OUTPUT_BYTES})
     * @param stderr      what it wrote to fd 2 (at most {@link #MAX_OUTPUT_BYTES})
     * @param threadNodes the node each of its threads ran on, by thread, in the order the home lists them
     */
    public record Result(long pid, int status, String message, byte[] stdout, byte[] stderr, List<String> threadNodes) {
        public Result {
            threadNodes = List.copyOf(threadNodes);
        }
    }

    /** The cluster refused the program before it ran (not a static riscv64 executable, bad placement or home). */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String reason) {
            super(reason);
        }
    }

    private RunClient() {
    }

    /**
     * Runs {@code image} as {@code procshare run} would, through {@code client} (which it uses until it
     * returns), with the command's default environment; blocks until the program exits.
     *
     * @param name      the program's file name (its argv[0])
     * @param placement spread, pack, spread:NAME,..., a node name, or null for the cluster's default
     * @param home      the node that homes it, or null for the node {@code client} is connected to
     * @throws RefusedException            when the cluster refused it
     * @throws BridgeClient.BridgeException when the node failed to answer or the connection was lost
     */
    public static Result run(BridgeClient client, String name, byte[] image, List<String> args, String placement,
                             String home) {
        RemoteProcess.RunRequest request = new RemoteProcess.RunRequest(name, image, args,
                RunCommand.environment(List.of()), placement, home, false, new boolean[3]);
        RemoteProcess process;
        try {
            process = RemoteProcess.run(client, request, RemoteProcess.Deadlines.DEFAULT, (sent, total) -> {
            });
        } catch (RemoteProcess.Refused e) {
            throw new RefusedException(e.getMessage());
        }
        Bounded out = new Bounded();
        Bounded err = new Bounded();
        RemoteProcess.Exit exit;
        try {
            exit = process.stream((stream, data) -> (stream == 2 ? err : out).add(data));
        } catch (RemoteProcess.ConnectionLost e) {
            throw new BridgeClient.BridgeException(e.getMessage(), e);
        }
        return new Result(process.pid(), exit.status(), exit.message(), out.toByteArray(), err.toByteArray(),
                exit.threads().stream().map(RemoteProcess.ThreadPlace::node).toList());
    }

    /** Output kept up to {@link #MAX_OUTPUT_BYTES}; the rest is dropped (and still acknowledged). */
    private static final class Bounded extends ByteArrayOutputStream {
        void add(byte[] data) {
            write(data, 0, Math.min(data.length, Math.max(0, MAX_OUTPUT_BYTES - size())));
        }
    }
}

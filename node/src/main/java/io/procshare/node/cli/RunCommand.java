package io.procshare.node.cli;

import io.procshare.codecs.Limits;
import io.procshare.node.client.BridgeClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code procshare run [options] BINARY [ARGS...]}: runs an unmodified static riscv64 Linux
 * executable as one shared process, like {@code qemu-riscv64 BINARY ARGS} but over the cluster
 * (DESIGN §8). The binary travels to the home in bounded chunks; the program runs in a fresh
 * sandbox directory (its working directory), with argv[0] the binary's file name and a small
 * environment; this client's stdin is its fd 0 and its stdout and stderr are this client's, byte for
 * byte; the client exits with the program's status. procshare says nothing of its own unless asked
 * ({@code --show-threads}) or something fails.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a static riscv64 Linux executable over the cluster, its threads placed over the nodes: "
                + "stdin, stdout and stderr are this terminal's, the exit status is the program's "
                + "(2: refused, e.g. not a static riscv64 executable; 1: the client lost it).",
                "Example: riscv64-linux-gnu-gcc -static -O2 -pthread prog.c -o prog && procshare run ./prog arg1"})
final class RunCommand implements Callable<Integer> {

    @Mixin
    NodeTarget target = new NodeTarget();

    @Option(names = "--placement", paramLabel = "P",
            description = "where the program's threads go: spread (default), spread:NAME,NAME,..., pack, or a node name")
    String placement;

    @Option(names = "--home", paramLabel = "NAME",
            description = "node that homes the process (runs its system calls; default: the node this client is connected to)")
    String home;

    @Option(names = "--env", paramLabel = "K=V",
            description = "an environment variable for the program, added to PATH=/usr/bin:/bin, HOME=/ and LANG=C (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--show-threads", description = "after the program, print on stderr which node each thread ran on")
    boolean showThreads;

    @Option(names = "--threads-report", paramLabel = "FILE",
            description = "after the program, write {\"pid\",\"status\",\"threads\":[{\"gtid\",\"node\"}]} as JSON to FILE")
    Path threadsReport;

    @Parameters(index = "0", paramLabel = "BINARY", description = "a static riscv64 ELF executable (gcc -static)")
    Path binary;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the program's arguments, passed through as they are")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        PrintStream err = System.err;
        try { // what the client can check, before anything is read or sent (bad usage: exit 2)
            io.procshare.verticles.exec.Placement.parse(placement);
        } catch (IllegalArgumentException e) {
            err.println("procshare: --placement: " + e.getMessage());
            return 2;
        }
        byte[] image;
        try {
            if (!Files.isRegularFile(binary)) {
                err.println("procshare: " + binary + ": no such file");
                return 2;
            }
            long size = Files.size(binary);
            if (size > Limits.IMAGE_MAX_BYTES) {
                err.println("procshare: " + binary + " is " + (size >> 20) + " MiB; a program may be at most "
                        + (Limits.IMAGE_MAX_BYTES >> 20) + " MiB");
                return 2;
            }
            image = Files.readAllBytes(binary);
        } catch (IOException e) {
            err.println("procshare: cannot read " + binary + ": " + e.getMessage());
            return 2;
        }
        List<String> environment;
        try {
            environment = environment(env);
        } catch (IllegalArgumentException e) {
            err.println("procshare: " + e.getMessage());
            return 2;
        }
        String name = binary.getFileName().toString();
        boolean[] tty = {Tty.isatty(0), Tty.isatty(1), Tty.isatty(2)};
        RemoteProcess.RunRequest request = new RemoteProcess.RunRequest(name, image, args, environment, placement, home,
                true, tty);
        boolean showProgress = tty[2] && image.length > (8 << 20);
        try (BridgeClient client = target.connect()) {
            RemoteProcess process;
            try {
                process = RemoteProcess.run(client, request, RemoteProcess.Deadlines.DEFAULT, (sent, total) -> {
                    if (showProgress) {
                        err.print("\rprocshare: sending " + name + ": " + (sent * 100 / total) + " %" + (sent == total ? "\n" : ""));
                        err.flush();
                    }
                });
            } catch (RemoteProcess.Refused e) {
                err.println("procshare: " + e.getMessage());
                return 2;
            }
            // `procshare kill PID` with this --dir finds the capability while the program runs
            CapabilityFile.write(target.dir, process.pid(), process.capability());
            Thread killer = SubmitCommand.killOnInterrupt(target, process);
            try {
                RemoteProcess.Exit exit = process.stream(RunCommand::write, new StdinPump(System.in));
                CapabilityFile.delete(target.dir, process.pid());
                System.out.flush();
                report(exit, process.pid(), err);
                return exit.status();
            } catch (RemoteProcess.ConnectionLost e) {
                err.println("procshare: " + e.getMessage());
                return 1;
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(killer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or ran: it does its own best
                }
            }
        } catch (BridgeClient.BridgeException e) {
            err.println("procshare: " + e.getMessage());
            return 1;
        }
    }

    /** PATH, HOME and LANG, then the user's K=V in order (a later K replaces an earlier one). */
    static List<String> environment(List<String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", "/");
        env.put("LANG", "C");
        for (String kv : extra) {
            int eq = kv.indexOf('=');
            if (eq <= 0 || kv.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("--env takes NAME=VALUE, not '" + kv + "'");
            }
            env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    private static void write(int stream, byte[] data) {
        PrintStream to = stream == 2 ? System.err : System.out;
        to.write(data, 0, data.length);
        to.flush();
    }

    private void report(RemoteProcess.Exit exit, long pid, PrintStream err) {
        if (showThreads) {
            for (RemoteProcess.ThreadPlace t : exit.threads()) {
                err.println("procshare: thread " + t.gtid() + " ran on " + t.node());
            }
        }
        if (!exit.message().isEmpty()) {
            err.println("procshare: pid " + pid + " exited with status " + exit.status() + ": " + exit.message());
        }
        err.flush();
        if (threadsReport != null) {
            JsonArray threads = new JsonArray();
            exit.threads().forEach(t -> threads.add(new JsonObject().put("gtid", t.gtid()).put("node", t.node())));
            JsonObject json = new JsonObject().put("pid", pid).put("status", exit.status()).put("threads", threads);
            try {
                Files.writeString(threadsReport, json.encodePrettily() + "\n");
            } catch (IOException e) {
                err.println("procshare: cannot write " + threadsReport + ": " + e.getMessage());
            }
        }
    }

    /** isatty(3) of libc, for the guest's ioctl(TCGETS) on fds 0-2. */
    static final class Tty {
        private static final MethodHandle ISATTY = lookup();

        private static MethodHandle lookup() {
            try {
                Linker linker = Linker.nativeLinker();
                return linker.defaultLookup().find("isatty").map(a -> linker.downcallHandle(a,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))).orElse(null);
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }

        static boolean isatty(int fd) {
            if (ISATTY == null) {
                return false;
            }
            try {
                return (int) ISATTY.invokeExact(fd) == 1;
            } catch (Throwable t) {
                return false;
            }
        }
    }
}

package io.procshare.node.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs {@code scripts/procshare} as the user does, each call a separate JVM, for the integration
 * tests: {@link #run} waits for the command and returns its exit status, stdout and stderr;
 * {@link #start} leaves it running (its output goes to files, see {@link Running}).
 */
final class Scripts {

    /** The repository root (failsafe sets {@code procshare.root}). */
    static final Path ROOT = Path.of(System.getProperty("procshare.root", "..")).toAbsolutePath().normalize();

    /** Where commands' output files go. */
    static final Path OUTPUT = ROOT.resolve("node/target/it-output-" + ProcessHandle.current().pid());

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicLong RUNS = new AtomicLong();

    private Scripts() {
    }

    /** A finished command. */
    record Result(int exit, String out, String err) {
        /** stdout then stderr, for assertions that do not care which. */
        String output() {
            return out + err;
        }
    }

    /** A command still running; its stdout and stderr are files that grow as it writes. */
    record Running(Process process, List<String> args, Path out, Path err) {

        String outSoFar() {
            return read(out);
        }

        String errSoFar() {
            return read(err);
        }

        /** Waits for the command to end; fails the test (killing it) after {@code timeout}. */
        Result await(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("procshare " + String.join(" ", args) + " did not end within " + timeout
                        + "; stdout:\n" + outSoFar() + "\nstderr:\n" + errSoFar());
            }
            Result r = new Result(process.exitValue(), outSoFar(), errSoFar());
            System.out.println("$ procshare " + String.join(" ", args) + "   (exit " + r.exit() + ")\n" + r.out() + r.err());
            return r;
        }
    }

    /** Runs {@code scripts/procshare ARGS} to its end (at most 120 s). */
    static Result run(String... args) throws IOException, InterruptedException {
        return run(DEFAULT_TIMEOUT, args);
    }

    /** Runs {@code scripts/procshare ARGS} to its end, failing the test after {@code timeout}. */
    static Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        return start(args).await(timeout);
    }

    /** Starts {@code scripts/procshare ARGS} in the repository root and returns at once. */
    static Running start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /** As {@link #start(String...)}, with {@code env} added to the command's environment. */
    static Running start(java.util.Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(OUTPUT);
        long n = RUNS.incrementAndGet();
        String name = (args.length == 0 ? "procshare" : args[0]) + "-" + n;
        Path out = OUTPUT.resolve(name + ".out");
        Path err = OUTPUT.resolve(name + ".err");
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("scripts/procshare").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().putAll(env);
        return new Running(pb.start(), List.of(args), out, err);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.procshare.node.guest.riscv;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The riscv64 programs the engine is compared with qemu on, and how to run them the way {@code
 * procshare run} runs them: the corpus of {@code tests/riscv/*.c} (built by {@code
 * scripts/build-riscv-corpus.sh}) and the third-party programs (built by {@code
 * scripts/build-riscv-thirdparty.sh}), each {@link Case} with its arguments, its stdin and its exit
 * status.
 *
 * <p>Under qemu a program runs as procshare's contract runs it: in a fresh empty directory as its
 * working directory, {@code argv[0]} the binary's file name ({@code qemu-riscv64-static -0 NAME}),
 * the environment exactly {@code PATH=/usr/bin:/bin HOME=<that directory> LANG=C}, stdin from the
 * case's file or empty.
 */
final class RiscvCorpus {

    /** The repository root (failsafe sets {@code procshare.root}; surefire runs in node/). */
    static final Path ROOT = Path.of(System.getProperty("procshare.root", "..")).toAbsolutePath().normalize();
    static final Path CORPUS_DIR = ROOT.resolve("node/target/riscv-corpus");
    static final Path THIRD_PARTY_DIR = ROOT.resolve("node/target/riscv-thirdparty");
    static final String QEMU = "qemu-riscv64-static";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    /** Where a case's binary comes from. */
    enum Source { CORPUS, THIRD_PARTY }

    /**
     * One run of one program.
     *
     * @param id       unique name of the case (the program's name, or name-variant)
     * @param program  the binary's file name
     * @param source   which build directory holds it
     * @param args     argv[1..]
     * @param stdin    a file relative to the repository root fed to stdin, or null for an empty stdin
     * @param exit     the exit status the program must end with
     * @param threaded whether it creates threads (then they must run on at least 2 nodes)
     */
    record Case(String id, String program, Source source, List<String> args, String stdin, int exit, boolean threaded) {

        Path binary() {
            return (source == Source.CORPUS ? CORPUS_DIR : THIRD_PARTY_DIR).resolve(program);
        }

        Path stdinFile() {
            return stdin == null ? null : ROOT.resolve(stdin);
        }

        @Override
        public String toString() {
            return id + (args.isEmpty() ? "" : " " + String.join(" ", args)) + (stdin == null ? "" : " < " + stdin);
        }
    }

    private static Case corpus(String id, String program, int exit, boolean threaded, String stdin, String... args) {
        return new Case(id, program, Source.CORPUS, List.of(args), stdin, exit, threaded);
    }

    /**
     * Every corpus case. Sizes are chosen to keep a run through an interpreter short (the defaults
     * of the programs are larger); the threaded ones use 4 threads so that a spread placement over
     * 3 nodes puts them on every node.
     */
    static final List<Case> CORPUS = List.of(
            corpus("hello", "hello", 0, false, null, "LANG", "one", "two words"),
            corpus("counters", "counters", 0, true, null, "4", "500"),
            corpus("matmul", "matmul", 0, true, null, "64", "4"),
            corpus("files", "files", 0, false, null),
            corpus("fpconf", "fpconf", 0, false, null),
            corpus("sort", "sort", 0, false, null, "100000"),
            corpus("sha256", "sha256", 0, false, null),
            corpus("sha256-stdin", "sha256", 0, false, "tests/riscv/inputs/words.txt", "-"),
            corpus("sieve", "sieve", 0, false, null),
            corpus("dirlist", "dirlist", 0, false, null),
            corpus("wcfilter", "wcfilter", 0, false, "tests/riscv/inputs/words.txt"),
            corpus("exitthread", "exitthread", 3, true, null),
            corpus("compute", "compute", 0, true, null, "4", "1000000"));

    /** The third-party cases: each interpreter fed its script on stdin. */
    static final List<Case> THIRD_PARTY = List.of(
            new Case("lua", "lua", Source.THIRD_PARTY, List.of("-"), "tests/riscv/thirdparty/test.lua", 0, false),
            // the script ends with a deliberate constraint violation: the shell reports it and exits 1
            new Case("sqlite3", "sqlite3", Source.THIRD_PARTY, List.of("test.db"), "tests/riscv/thirdparty/test.sql", 1, false));

    private RiscvCorpus() {
    }

    static Stream<Case> corpusCases() {
        return CORPUS.stream();
    }

    static Stream<Case> allCases() {
        return Stream.concat(CORPUS.stream(), THIRD_PARTY.stream());
    }

    /** A finished run: exit status and the exact bytes of stdout and stderr. */
    record Outcome(int exit, byte[] out, byte[] err) {

        String outText() {
            return new String(out, java.nio.charset.StandardCharsets.UTF_8);
        }

        String errText() {
            return new String(err, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** For assertion messages: the exit status and both streams. */
        String describe() {
            return "exit " + exit + "\n--- stdout\n" + outText() + "--- stderr\n" + errText();
        }
    }

    /** Builds the corpus into {@code dir} with the script (all programs, or {@code names}); fails saying why. */
    static void buildCorpus(Path dir, String... names) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/build-riscv-corpus.sh").toString(), dir.toString()));
        cmd.addAll(Arrays.asList(names));
        script(cmd);
    }

    /** Builds the third-party programs into {@link #THIRD_PARTY_DIR} (a no-op when its cache is current). */
    static void buildThirdParty() throws IOException, InterruptedException {
        script(List.of(ROOT.resolve("scripts/build-riscv-thirdparty.sh").toString(), THIRD_PARTY_DIR.toString()));
    }

    private static void script(List<String> cmd) throws IOException, InterruptedException {
        Path log = Files.createTempFile("riscv-build", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not end within " + BUILD_TIMEOUT + ":\n" + Files.readString(log));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + Files.readString(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Runs {@code c} under qemu-riscv64 in a fresh directory under {@code scratch} (created here),
     * as procshare's contract runs it; fails the test after {@code timeout}.
     */
    static Outcome runUnderQemu(Case c, Path scratch, Duration timeout) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(Files.createDirectories(scratch), c.id() + "-qemu-");
        List<String> cmd = new ArrayList<>(List.of(QEMU, "-0", c.program(), c.binary().toString()));
        cmd.addAll(c.args());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("LANG", "C");
        return run(pb, c.stdinFile(), dir.resolveSibling(dir.getFileName() + ".out"), timeout);
    }

    /**
     * Starts {@code pb} with {@code stdin} (a file, or null for an empty stdin), its stdout and
     * stderr to files beside {@code outBase}, waits for it and returns what it did; fails (killing
     * it) after {@code timeout}.
     */
    static Outcome run(ProcessBuilder pb, Path stdin, Path outBase, Duration timeout) throws IOException, InterruptedException {
        Path out = outBase.resolveSibling(outBase.getFileName() + ".stdout");
        Path err = outBase.resolveSibling(outBase.getFileName() + ".stderr");
        pb.redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new File("/dev/null") : stdin.toFile()));
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", pb.command()) + " did not end within " + timeout
                    + "; stdout:\n" + new String(Files.readAllBytes(out)) + "\nstderr:\n" + new String(Files.readAllBytes(err)));
        }
        return new Outcome(p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
    }
}

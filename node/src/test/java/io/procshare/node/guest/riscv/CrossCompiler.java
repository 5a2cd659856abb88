package io.procshare.node.guest.riscv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the riscv64 test programs of src/test/resources/riscv with the Debian cross compiler
 * (package gcc-riscv64-linux-gnu) into target/riscv, once per source and flags; fails with the
 * package to install when the compiler is missing.
 */
public final class CrossCompiler {

    public static final String GCC = "riscv64-linux-gnu-gcc";
    public static final String QEMU = "qemu-riscv64-static";
    private static final Path OUT = Path.of("target", "riscv");

    private CrossCompiler() {
    }

    /** Compiles resource {@code riscv/<source>} with {@code -static} and {@code flags}; returns the binary. */
    public static synchronized Path build(String source, String... flags) throws IOException, InterruptedException {
        requireTool(GCC, "gcc-riscv64-linux-gnu");
        Files.createDirectories(OUT);
        Path src = OUT.resolve(source);
        try (InputStream in = CrossCompiler.class.getResourceAsStream("/riscv/" + source)) {
            if (in == null) {
                throw new IOException("no test resource riscv/" + source);
            }
            byte[] text = in.readAllBytes();
            if (!Files.exists(src) || !java.util.Arrays.equals(Files.readAllBytes(src), text)) {
                Files.write(src, text); // only when changed: the binary's age decides whether to rebuild
            }
        }
        String tag = String.join("", flags).replaceAll("[^A-Za-z0-9]", "");
        Path bin = OUT.resolve(source.replace(".c", "") + "-" + tag);
        if (Files.exists(bin) && Files.getLastModifiedTime(bin).compareTo(Files.getLastModifiedTime(src)) > 0) {
            return bin;
        }
        List<String> cmd = new ArrayList<>(List.of(GCC, "-static"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-o", bin.toString(), src.toString(), "-lm"));
        Run r = run(cmd, 120);
        if (r.status != 0) {
            throw new IOException(String.join(" ", cmd) + " failed (" + r.status + "):\n" + r.stderr);
        }
        return bin;
    }

    /** The program's stdout and exit status under qemu-riscv64-static (the reference). */
    public static Run qemu(Path binary, String... args) throws IOException, InterruptedException {
        requireTool(QEMU, "qemu-user-static");
        List<String> cmd = new ArrayList<>(List.of(QEMU, binary.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, 120);
    }

    public record Run(int status, String stdout, String stderr) {
    }

    static Run run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var outF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(out));
        var errF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(err));
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish in " + seconds + " s");
        }
        return new Run(p.exitValue(), outF.join(), errF.join());
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void requireTool(String tool, String debianPackage) throws IOException, InterruptedException {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                found = true;
                break;
            }
        }
        if (!found) {
            throw new IllegalStateException(tool + " is not installed: the riscv64 tests need the Debian package "
                    + debianPackage + " (apt-get install " + debianPackage + "; .ci/run installs it)");
        }
    }
}

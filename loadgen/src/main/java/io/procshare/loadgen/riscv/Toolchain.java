package io.procshare.loadgen.riscv;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The host tools of the {@code riscv} experiment: the Debian cross compiler, which builds the
 * benchmarks from this jar's {@code riscv-bench/} sources into the output directory, and
 * qemu-riscv64-static, the reference they are compared with. A missing tool is an error naming
 * the Debian package that provides it, before anything is measured.
 */
public final class Toolchain {

    public static final String GCC = "riscv64-linux-gnu-gcc";
    public static final String GCC_PACKAGE = "gcc-riscv64-linux-gnu";
    public static final String QEMU = "qemu-riscv64-static";
    public static final String QEMU_PACKAGE = "qemu-user-static";
    /** The flags every benchmark is built with (as {@code procshare run}'s help suggests). */
    public static final List<String> CFLAGS = List.of("-static", "-O2", "-pthread");

    private static final int COMPILE_TIMEOUT_S = 300;

    private Toolchain() {
    }

    /**
     * Checks that {@code tool} is on {@code path} (a PATH value).
     *
     * @throws IllegalStateException naming the tool and the Debian package to install
     */
    static void require(String tool, String debianPackage, String path) {
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new IllegalStateException(tool + " is not installed (not on PATH): the riscv experiment needs the Debian "
                + "package " + debianPackage + " (apt-get install " + debianPackage + ")");
    }

    /** Checks both tools: the compiler and qemu. */
    public static void requireAll() {
        String path = System.getenv("PATH");
        require(GCC, GCC_PACKAGE, path);
        require(QEMU, QEMU_PACKAGE, path);
    }

    /**
     * Writes {@code b}'s source into {@code dir} and compiles it there with {@link #CFLAGS}; returns
     * the static riscv64 executable.
     */
    public static Path build(Benchmark b, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path src = dir.resolve(b.source());
        try (InputStream in = Toolchain.class.getResourceAsStream("/riscv-bench/" + b.source())) {
            if (in == null) {
                throw new IOException("riscv-bench/" + b.source() + " is not in the loadgen jar");
            }
            Files.write(src, in.readAllBytes());
        }
        Path bin = dir.resolve(b.binaryName());
        List<String> cmd = new ArrayList<>(List.of(GCC));
        cmd.addAll(CFLAGS);
        cmd.addAll(List.of("-o", bin.toString(), src.toString()));
        Exec r = exec(cmd, COMPILE_TIMEOUT_S);
        if (r.status() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed with status " + r.status() + ":\n" + r.stderr());
        }
        return bin;
    }

    /** What a host command did: its exit status, stdout and stderr. */
    record Exec(int status, String stdout, String stderr) {
    }

    /**
     * Runs {@code cmd} with stdin at its end, collecting its output; kills it after
     * {@code timeoutS} seconds.
     */
    static Exec exec(List<String> cmd, int timeoutS) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.put("LANG", "C");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish within " + timeoutS + " s; killed");
        }
        return new Exec(p.exitValue(), out.join(), err.join());
    }

    private static String readAll(InputStream in) {
        try {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

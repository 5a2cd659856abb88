package io.procshare.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Certificates for TLS tests, made by {@code scripts/make-test-certs.sh} as a user makes them (so
 * the script is tested too). A test that needs them is skipped where there is no openssl.
 */
public final class TestCerts {

    /** The repository root: failsafe sets {@code procshare.root}; surefire runs in {@code node/}. */
    public static final Path ROOT = Path.of(System.getProperty("procshare.root", "..")).toAbsolutePath().normalize();

    private TestCerts() {
    }

    /** A CA and one certificate per name in {@code out}; {@code ca.pem}, {@code NAME.pem}, {@code NAME.key}. */
    public static Result make(Path out, String... namesAndOptions) {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")) || onPath("openssl"), "openssl is not installed");
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/make-test-certs.sh").toString(),
                "--out", out.toString()));
        cmd.addAll(List.of(namesAndOptions));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("make-test-certs.sh did not end within 60 s: " + output);
            }
            return new Result(p.exitValue(), output, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@link #make} that must succeed. */
    public static Path made(Path out, String... namesAndOptions) {
        Result r = make(out, namesAndOptions);
        if (r.exit() != 0) {
            throw new AssertionError("make-test-certs.sh exited " + r.exit() + ": " + r.output());
        }
        return out;
    }

    /** The TLS files of {@code name} made in {@code dir}. */
    public static NodeConfig.Tls tls(Path dir, String name) {
        return new NodeConfig.Tls(dir.resolve("ca.pem"), dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
    }

    public record Result(int exit, String output, Path dir) {
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}

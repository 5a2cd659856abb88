package io.procshare.node.guest.riscv;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The riscv64 binaries committed under {@code node/src/main/resources/riscv/} (in the fat jar, so
 * that the demo runs where no cross compiler is installed) are what their sources build: each
 * matches the committed {@code corpus.sha256} manifest on the class path, and rebuilding them with
 * {@code scripts/build-riscv-corpus.sh} gives the same bytes. Needs the Debian package
 * gcc-riscv64-linux-gnu (.ci/run installs it). About 3 s.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RiscvResourcesTest {

    private static final String MANIFEST = "/riscv/corpus.sha256";

    /** name → sha256 hex, from the manifest on the class path, in its order. */
    private static Map<String, String> manifest() throws IOException {
        Map<String, String> digests = new LinkedHashMap<>();
        try (InputStream in = RiscvResourcesTest.class.getResourceAsStream(MANIFEST)) {
            assertThat(in).as(MANIFEST + " on the class path").isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] parts = line.split(" {2}");
                assertThat(parts).as("manifest line '%s'", line).hasSize(2);
                digests.put(parts[1], parts[0]);
            }
        }
        return digests;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RiscvResourcesTest.class.getResourceAsStream("/riscv/" + name)) {
            assertThat(in).as("/riscv/" + name + " on the class path").isNotNull();
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void when_theJarsRiscvBinariesAreRead_then_eachMatchesTheManifest() throws Exception {
        Map<String, String> digests = manifest();

        assertThat(digests.keySet()).contains("hello", "matmul", "compute");
        for (Map.Entry<String, String> e : digests.entrySet()) {
            byte[] elf = resource(e.getKey());
            assertThat(elf).as(e.getKey()).startsWith(0x7f, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* little-endian */);
            assertThat(elf[18] & 0xff | (elf[19] & 0xff) << 8).as("e_machine of " + e.getKey()).isEqualTo(243 /* EM_RISCV */);
            assertThat(sha256(elf)).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void when_theCommittedBinariesAreRebuiltFromTheirSources_then_theBytesAreIdentical(@TempDir Path out) throws Exception {
        Map<String, String> digests = manifest();

        RiscvCorpus.buildCorpus(out, digests.keySet().toArray(String[]::new));

        for (String name : digests.keySet()) {
            assertThat(Files.readAllBytes(out.resolve(name)))
                    .as("%s rebuilt by scripts/build-riscv-corpus.sh differs from node/src/main/resources/riscv/%s: "
                            + "rebuild the committed ones with scripts/build-riscv-corpus.sh node/src/main/resources/riscv %s",
                            name, name, String.join(" ", digests.keySet()))
                    .isEqualTo(resource(name));
        }
        assertThat(Files.readString(out.resolve("corpus.sha256"))).isEqualTo(String.join("",
                digests.entrySet().stream().map(e -> e.getValue() + "  " + e.getKey() + "\n").toList()));
    }
}

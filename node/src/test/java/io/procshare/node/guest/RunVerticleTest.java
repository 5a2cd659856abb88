package io.procshare.node.guest;

import io.procshare.node.guest.riscv.CrossCompiler;
import io.procshare.node.syscall.ThreeNodes;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code procshare.run} as a bridge client uses it, on three in-JVM nodes: a riscv64 binary shipped
 * in chunks runs with its threads spread, its stdin fed and its output and exit back at the
 * client, as under qemu; a bad image or a bad upload is refused with the field and nothing runs;
 * io without the process's key is refused.
 */
@ExtendWith(ThreeNodes.Extension.class)
class RunVerticleTest {

    private final ThreeNodes nodes;
    private MessageConsumer<JsonObject> consumer;

    RunVerticleTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    @AfterEach
    void unregister() {
        if (consumer != null) {
            consumer.unregister();
        }
    }

    /** A client on node 1: its address, its stdout and stderr, its exit message. */
    private final class Client {
        final String address = "procshare.client." + UUID.randomUUID();
        final StringBuffer out = new StringBuffer();
        final StringBuffer err = new StringBuffer();
        final CompletableFuture<JsonObject> exit = new CompletableFuture<>();
        final EventBus bus = nodes.node(1).vertx().eventBus();

        Client() throws Exception {
            consumer = bus.consumer(address, m -> {
                JsonObject b = m.body();
                if ("out".equals(b.getString("type"))) {
                    String text = new String(Base64.getDecoder().decode(b.getString("data")), StandardCharsets.UTF_8);
                    (b.getInteger("stream") == 1 ? out : err).append(text);
                } else if ("exit".equals(b.getString("type"))) {
                    exit.complete(b);
                }
            });
            consumer.completion().await(10, TimeUnit.SECONDS);
        }

        JsonObject op(JsonObject body) throws Exception {
            return bus.<JsonObject>request(RunVerticle.RUN, body).await(60, TimeUnit.SECONDS).body();
        }

        /** Uploads {@code image} in pieces of {@code piece} bytes and starts it; the start reply. */
        JsonObject run(String name, byte[] image, int piece, List<String> args, String placement) throws Exception {
            JsonObject begin = op(new JsonObject().put("op", "begin").put("name", name).put("size", image.length));
            String homeId = begin.getString("homeId");
            for (int off = 0; off < image.length; off += piece) {
                int n = Math.min(piece, image.length - off);
                op(new JsonObject().put("op", "chunk").put("homeId", homeId).put("upload", begin.getString("upload"))
                        .put("offset", off).put("data", Base64.getEncoder().encodeToString(
                                java.util.Arrays.copyOfRange(image, off, off + n))));
            }
            return op(new JsonObject().put("op", "start").put("homeId", homeId).put("upload", begin.getString("upload"))
                    .put("args", new JsonArray(List.copyOf(args))).put("env", new JsonArray().add("LANG=C"))
                    .put("client", address).put("stdin", true).put("placement", placement));
        }

        void io(JsonObject started, JsonObject fields) {
            bus.send(RunVerticle.RUN, fields.put("op", "io").put("homeId", started.getString("homeId"))
                    .put("pid", started.getLong("pid")));
        }
    }

    @Test
    void when_aThreadedBinaryRunsWithStdin_then_itsOutputMatchesQemu_andItsThreadsRanOnEveryNode() throws Exception {
        Path binary = CrossCompiler.build("threads_stdin.c", "-O2", "-pthread");
        CrossCompiler.Run reference = CrossCompiler.qemu(binary); // its stdin is empty
        Client c = new Client();
        JsonObject started = c.run("threads_stdin", Files.readAllBytes(binary), RunVerticle.CHUNK_BYTES / 4, List.of(), "spread");
        c.io(started, new JsonObject().put("cap", started.getString("cap"))
                .put("stdin", Base64.getEncoder().encodeToString("hello stdin".getBytes(StandardCharsets.UTF_8))).put("eof", true));
        JsonObject exit = c.exit.get(120, TimeUnit.SECONDS);
        assertThat(exit.getInteger("status")).isEqualTo(reference.status()).isEqualTo(5);
        assertThat(c.out.toString()).isEqualTo(reference.stdout().replace("read 0 bytes: \n", "read 11 bytes: hello stdin\n"));
        assertThat(c.err.toString()).isEqualTo("done\n");
        List<String> where = exit.getJsonArray("threads").stream().map(o -> ((JsonObject) o).getString("node")).distinct().toList();
        assertThat(where).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void when_theImageIsNotAStaticRiscvExecutable_then_theStartIsRefusedWithTheReason_andNothingRuns() throws Exception {
        Client c = new Client();
        assertThatThrownBy(() -> c.run("notes.txt", "just some text, not a program".getBytes(), 8, List.of(), "spread"))
                .hasMessageContaining("not an ELF file");
        byte[] x86 = Files.readAllBytes(Path.of("/bin/true"));
        assertThatThrownBy(() -> c.run("true", x86, RunVerticle.CHUNK_BYTES, List.of(), "spread"))
                .hasMessageContaining("true:");
        assertThat(c.exit).isNotDone();
    }

    @Test
    void when_anUploadIsMalformed_then_eachStepIsRefusedNamingTheField() throws Exception {
        Client c = new Client();
        assertThatThrownBy(() -> c.op(new JsonObject().put("op", "begin").put("name", "x").put("size", 1L << 40)))
                .hasMessageContaining("'size'");
        assertThatThrownBy(() -> c.op(new JsonObject().put("op", "begin").put("name", "../x").put("size", 10)))
                .hasMessageContaining("'name'");
        JsonObject begin = c.op(new JsonObject().put("op", "begin").put("name", "x").put("size", 10));
        JsonObject chunk = new JsonObject().put("op", "chunk").put("homeId", begin.getString("homeId"))
                .put("upload", begin.getString("upload"));
        assertThatThrownBy(() -> c.op(chunk.copy().put("offset", 4).put("data", Base64.getEncoder().encodeToString(new byte[2]))))
                .hasMessageContaining("'offset' is 4, the next byte expected is 0");
        assertThatThrownBy(() -> c.op(chunk.copy().put("offset", 0).put("data", Base64.getEncoder().encodeToString(new byte[11]))))
                .hasMessageContaining("outside the 10 announced");
        assertThatThrownBy(() -> c.op(new JsonObject().put("op", "start").put("homeId", begin.getString("homeId"))
                .put("upload", begin.getString("upload")).put("client", c.address)))
                .hasMessageContaining("has 0 of its 10 bytes");
        assertThatThrownBy(() -> c.op(new JsonObject().put("op", "chunk").put("homeId", "nobody")))
                .hasMessageContaining("'homeId'");
        assertThatThrownBy(() -> c.op(new JsonObject().put("op", "begin").put("name", "x").put("size", 10)
                .put("placement", "spread:c1,zz"))).hasMessageContaining("placement").hasMessageContaining("zz");
        assertThatThrownBy(() -> c.op(new JsonObject().put("op", "fly")))
                .hasMessageContaining("'homeId'");
    }

    @Test
    void when_ioCarriesAnotherKey_then_theProcessGetsNothing_andTheRefusalIsCounted() throws Exception {
        Path binary = CrossCompiler.build("threads_stdin.c", "-O2", "-pthread");
        Client c = new Client();
        JsonObject started = c.run("threads_stdin", Files.readAllBytes(binary), RunVerticle.CHUNK_BYTES, List.of(), "pack");
        long refused = nodes.node(1).counters().get(RunVerticle.REFUSED);
        c.io(started, new JsonObject().put("cap", "00000000000000000000000000000000")
                .put("stdin", Base64.getEncoder().encodeToString("intruder".getBytes(StandardCharsets.UTF_8))).put("eof", true));
        org.awaitility.Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> nodes.node(1).counters().get(RunVerticle.REFUSED) > refused);
        c.io(started, new JsonObject().put("cap", started.getString("cap"))
                .put("stdin", Base64.getEncoder().encodeToString("owner".getBytes(StandardCharsets.UTF_8))).put("eof", true));
        JsonObject exit = c.exit.get(120, TimeUnit.SECONDS);
        assertThat(exit.getInteger("status")).isEqualTo(5);
        assertThat(c.out.toString()).contains("read 5 bytes: owner").doesNotContain("intruder");
    }
}

package io.procshare.node.client;

import io.procshare.node.ClusterSecret;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link BridgeClient} in a closed cluster, against a scripted fake bridge: the token on every frame, the refusal. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BridgeClientTokenTest {

    private static final ClusterSecret SECRET = ClusterSecret.of("test", "s3cret");

    private static BridgeClient connect(FakeBridge node, BridgeSecurity security) {
        return BridgeClient.connect(node.host(), node.port(), 1000, security);
    }

    @Test
    void when_theClientHasASecret_then_everyFrameCarriesItsTokenAndNeverTheSecret() throws Exception {
        try (FakeBridge node = new FakeBridge(); BridgeClient client = connect(node, BridgeSecurity.of(SECRET, null))) {
            client.register("procshare.client.x");
            client.send("procshare.client.x", new JsonObject());
            client.ping();
            client.unregister("procshare.client.x");
            CompletableFuture.runAsync(() -> client.request("procshare.status", new JsonObject(), 2000))
                    .exceptionally(e -> null);

            for (String type : new String[] {"register", "send", "ping", "unregister", "send"}) {
                JsonObject frame = node.next();
                assertThat(frame.getString("type")).isEqualTo(type);
                assertThat(frame.getJsonObject("headers").getString(ClusterSecret.BRIDGE_HEADER))
                        .as(type).isEqualTo(SECRET.bridgeToken());
                assertThat(frame.encode()).doesNotContain("s3cret");
            }
        }
    }

    @Test
    void when_aRequestHasHeadersOfItsOwn_then_theTokenIsAddedBesideThem() throws Exception {
        try (FakeBridge node = new FakeBridge(); BridgeClient client = connect(node, BridgeSecurity.of(SECRET, null))) {
            CompletableFuture.runAsync(() -> client.request("procshare.status", new JsonObject(), 2000))
                    .exceptionally(e -> null);
            JsonObject headers = node.next().getJsonObject("headers");
            assertThat(headers.getLong("timeout")).isEqualTo(2000L);
            assertThat(headers.getString(ClusterSecret.BRIDGE_HEADER)).isEqualTo(SECRET.bridgeToken());
        }
    }

    @Test
    void when_theClientHasNoSecret_then_framesCarryNoToken() throws Exception {
        try (FakeBridge node = new FakeBridge(); BridgeClient client = connect(node, BridgeSecurity.NONE)) {
            client.register("procshare.client.x");
            assertThat(node.next()).isEqualTo(new JsonObject().put("type", "register").put("address", "procshare.client.x"));
        }
    }

    @Test
    void when_theNodeRefusesTheClient_then_everyCallFailsWithTheRefusalAndNothingMoreIsSent() throws Exception {
        try (FakeBridge node = new FakeBridge(); BridgeClient client = connect(node, BridgeSecurity.NONE)) {
            CompletableFuture<JsonObject> reply = CompletableFuture.supplyAsync(
                    () -> client.request("procshare.submit", new JsonObject(), 5000));
            node.next("send");
            node.frame(new JsonObject().put("type", "err").put("message", BridgeClient.REFUSED_MESSAGE));
            node.frame(new JsonObject().put("type", "err").put("message", "blocked by bridgeEvent handler"));

            String expected = "node " + node.host() + ":" + node.port() + " refused this client: missing or wrong "
                    + "secret (use --secret or PROCSHARE_SECRET)";
            assertThat(reply).failsWithin(5, TimeUnit.SECONDS).withThrowableThat().havingCause()
                    .isInstanceOf(BridgeClient.Unauthorized.class).withMessage(expected);
            assertThatThrownBy(() -> client.receive(100)).isInstanceOf(BridgeClient.Unauthorized.class);
            assertThatThrownBy(() -> client.send("procshare.submit", new JsonObject()))
                    .isInstanceOf(BridgeClient.Unauthorized.class);
            assertThat(node.poll(200)).isNull();
        }
    }

    @Test
    void when_aPlainClientMeetsATlsAnswer_then_itIsToldToUseTls() throws Exception {
        try (FakeBridge node = new FakeBridge(); BridgeClient client = connect(node, BridgeSecurity.NONE)) {
            client.ping();
            node.next();
            node.raw(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}); // a TLS alert record
            assertThatThrownBy(() -> client.receive(2000)).isInstanceOf(BridgeClient.BridgeException.class)
                    .hasMessageContaining("answered with TLS").hasMessageContaining("--tls-ca");
        }
    }

    @Test
    void when_theCaFileIsMissingOrNotPem_then_connectNamesTheFile() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("procshare-ca");
        java.nio.file.Path junk = java.nio.file.Files.writeString(dir.resolve("junk.pem"), "not a certificate",
                StandardCharsets.US_ASCII);
        try (FakeBridge node = new FakeBridge()) {
            assertThatThrownBy(() -> connect(node, new BridgeSecurity(null, dir.resolve("none.pem"))))
                    .hasMessageContaining("--tls-ca: no such file").hasMessageContaining("none.pem");
            assertThatThrownBy(() -> connect(node, new BridgeSecurity(null, junk)))
                    .hasMessageContaining("--tls-ca " + junk);
        }
    }
}

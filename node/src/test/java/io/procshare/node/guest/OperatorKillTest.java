package io.procshare.node.guest;

import io.procshare.node.NodeConfig;
import io.procshare.node.ProcshareNode;
import io.procshare.node.bridge.BridgeLimits;
import io.procshare.node.bridge.ClientAddresses;
import io.procshare.node.client.BridgeClient;
import io.procshare.verticles.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open cluster whose operator allows any kill ({@code bridge.killAnyInOpenCluster}): a kill
 * without the process's capability ends it (SubmitVerticleTest: without the option, it does not).
 * Its operator also allows any status ({@code bridge.statusAnyInOpenCluster}): a bridge client sees
 * the details of a process whose capability it does not present (ProcessStatusTest: without the
 * option, it does not).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OperatorKillTest {

    @TempDir
    Path data;

    @Test
    void when_theOpenClustersOperatorAllowsAnyKill_then_aKillWithoutTheCapabilityEndsTheProcess() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        NodeConfig config = NodeConfig.load(null).withName("op").withCluster("127.0.0.1", port)
                .withMembers(List.of("127.0.0.1:" + port)).withBridge("127.0.0.1", 0).withDataDir(data)
                .withBridgeLimits(new BridgeLimits(4 << 20, 512, 64, 10_000, true, true));
        ProcshareNode node = ProcshareNode.start(config);
        try {
            var bus = node.vertx().eventBus();
            String client = ClientAddresses.newClientAddress();
            CompletableFuture<JsonObject> exit = new CompletableFuture<>();
            bus.<JsonObject>consumer(client, m -> {
                if ("exit".equals(m.body().getString("type"))) {
                    exit.complete(m.body());
                }
            }).completion().await(10, TimeUnit.SECONDS);
            long pid = bus.<JsonObject>request(SubmitVerticle.SUBMIT, new JsonObject()
                            .put("task", SubmitVerticleTest.BlocksForever.class.getName()).put("args", new JsonArray())
                            .put("threads", 1).put("client", client))
                    .await(30, TimeUnit.SECONDS).body().getLong("pid");
            String[] bridge = node.identity().bridgeAddress().split(":");
            try (BridgeClient c = BridgeClient.connect(bridge[0], Integer.parseInt(bridge[1]), 5000)) {
                JsonArray processes = c.request(Addresses.CLIENT_STATUS, new JsonObject(), 10_000).getJsonArray("processes");
                assertThat(processes.stream().map(p -> (JsonObject) p).filter(p -> p.getLong("pid") == pid)).singleElement()
                        .satisfies(p -> assertThat(p.getString("task")).isEqualTo(SubmitVerticleTest.BlocksForever.class.getName()))
                        .satisfies(p -> assertThat(p.containsKey("withheld")).isFalse());
            }
            JsonObject killed = bus.<JsonObject>request(SubmitVerticle.KILL, new JsonObject().put("pid", pid))
                    .await(30, TimeUnit.SECONDS).body();
            assertThat(killed.getBoolean("killed")).isTrue();
            assertThat(exit.get(30, TimeUnit.SECONDS).getInteger("status")).isEqualTo(137);
        } finally {
            node.stop();
        }
    }
}

package io.procshare.node.console;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.procshare.node.ClusterSecret;
import io.procshare.node.NodeIdentity;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.exec.ClusterNode;
import io.procshare.verticles.memory.MemoryConfig;
import io.procshare.verticles.memory.MemoryService;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's HTTP front on one plain (not clustered) Vert.x: the token of a closed cluster, the
 * 4xx answers to bad questions, the bound on event streams. The cluster's status is a stand-in
 * consumer that lists no process, so no question reaches a memory unit.
 */
class ConsoleVerticleTest {

    private static final ClusterSecret SECRET = ClusterSecret.of("test", "s3cret");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Vertx vertx;
    private String base;

    private void start(ClusterSecret secret) throws Exception {
        vertx = Vertx.vertx();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        NodeCounters counters = new NodeCounters(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        counters.increment(NodeCounters.REJECTED_FRAMES);
        MemoryService memory = new MemoryService("n1", counters, MemoryConfig.defaults(), listener -> () -> { });
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CLIENT_STATUS, m -> m.reply(new JsonObject()
                .put("queriedNode", "node1").put("clusterSize", 1).put("members", new JsonArray())
                .put("processes", new JsonArray())));
        ConsoleVerticle console = new ConsoleVerticle(new NodeIdentity("node1", "n1", "127.0.0.1:1", "127.0.0.1:2", "nio",
                System.currentTimeMillis()), new ConsoleOptions(port), "127.0.0.1", secret, new HttpServerOptions(),
                (PrometheusMeterRegistry) counters.registry(), memory, () -> List.of(new ClusterNode("node1", "n1")),
                List::of, 2000);
        vertx.deployVerticle(console).await(10, TimeUnit.SECONDS);
        base = "http://127.0.0.1:" + port + "/";
    }

    @AfterEach
    void stop() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void when_theClusterIsClosed_then_everyPageNeedsTheBridgeToken() throws Exception {
        start(SECRET);
        assertThat(get("metrics").statusCode()).isEqualTo(401);
        assertThat(get("").body()).contains("this cluster is closed");
        assertThat(get("metrics", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> metrics = get("metrics", "Authorization", "Bearer " + SECRET.bridgeToken());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("procshare_rejectedFrames_total 1.0");

        HttpResponse<String> page = get("?token=" + SECRET.bridgeToken());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>procshare console</title>");
        String cookie = page.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict");
        assertThat(get("console.js", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode()).isEqualTo(200);
    }

    @Test
    void when_theQuestionIsBad_then_4xxNamesWhatIsWrong() throws Exception {
        start(null);
        HttpResponse<String> malformed = get("api/pages?pid=x1");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("pid: 'x1' is not a number");
        HttpResponse<String> unknown = get("api/pages?pid=77");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("pid 77: no such process in the cluster (running: [])");
        assertThat(get("api/pages?pid=77&count=70000").statusCode()).isEqualTo(400);
        assertThat(get("events?pid=zz").statusCode()).isEqualTo(400);
    }

    @Test
    void when_moreBrowsersStreamThanTheBound_then_theNextIsTurnedAway() throws Exception {
        start(null);
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < ConsoleVerticle.MAX_STREAMS; i++) {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "events")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("content-type")).hasValue("text/event-stream");
                open.add(r.body());
            }
            HttpResponse<String> refused = get("events");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("already serves " + ConsoleVerticle.MAX_STREAMS + " consoles");
            byte[] first = open.getFirst().readNBytes(64);
            assertThat(new String(first)).contains("procshare console of node1");
        } finally {
            for (InputStream in : open) {
                in.close();
            }
        }
    }
}

package io.procshare.node.litmus;

import io.procshare.verticles.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The litmus suite across real nodes (issue 3).
 * <ul>
 *   <li>{@code procshare.litmus} (for clients): {@code {"test":"SB","placement":"spread"|"one-node",
 *       "iterations":K}}; this node creates a process homed here, places the test's threads
 *       (spread: thread t on member t mod N; one-node: every thread on one member, another than the
 *       home when there is one), runs them and answers the {@link LitmusResult} JSON;</li>
 *   <li>{@code procshare.<nodeId>.litmus}: runs one thread of a test here and answers its registers.</li>
 * </ul>
 * Test threads are platform threads of their own: they block on page faults and spin on barriers,
 * never on an event loop.
 */
public final class LitmusVerticle extends VerticleBase {

    public static final String CLIENT_ADDRESS = "procshare.litmus";
    static final String ROLE_SERVICE = "litmus";

    private static final Logger LOG = LoggerFactory.getLogger(LitmusVerticle.class);

    private final String nodeId;
    private final LitmusHost host;
    private final Supplier<List<String>> members;
    private final long deadlineMs;

    public LitmusVerticle(String nodeId, LitmusHost host, Supplier<List<String>> members, long deadlineMs) {
        this.nodeId = nodeId;
        this.host = host;
        this.members = members;
        this.deadlineMs = deadlineMs;
    }

    @Override
    public Future<?> start() {
        var role = vertx.eventBus().<JsonObject>consumer(Addresses.of(nodeId, ROLE_SERVICE), this::onRole);
        var client = vertx.eventBus().<JsonObject>consumer(CLIENT_ADDRESS, this::onRun);
        return Future.all(role.completion(), client.completion());
    }

    private void onRole(Message<JsonObject> message) {
        JsonObject req = message.body();
        LitmusTest test;
        try {
            test = LitmusTests.byName(req.getString("test", ""));
        } catch (IllegalArgumentException e) {
            message.fail(400, e.getMessage());
            return;
        }
        int thread = req.getInteger("thread", -1);
        int iterations = req.getInteger("iterations", 0);
        Thread.ofPlatform().name("litmus-" + test.name() + "-t" + thread).start(() -> {
            try {
                LitmusMemory memory = host.open(req.getLong("pid"), req.getString("home"));
                LitmusRunner.RoleResult r = LitmusRunner.runRole(test, thread, iterations, req.getLong("base"),
                        memory, deadlineMs);
                answer(message, new JsonObject().put("registers", matrix(r.registers())).put("finals", matrix(r.finals())));
            } catch (RuntimeException e) {
                LOG.warn("litmus {} thread {} on {} failed: {}", test.name(), thread, nodeId, e.toString());
                fail(message, test.name() + " thread " + thread + " on " + nodeId + ": " + e.getMessage());
            }
        });
    }

    private void onRun(Message<JsonObject> message) {
        JsonObject req = message.body();
        LitmusTest test;
        int iterations = req.getInteger("iterations", 0);
        String placement = req.getString("placement", "spread");
        try {
            test = LitmusTests.byName(req.getString("test", ""));
            if (iterations < 1 || iterations > 1_000_000) {
                throw new IllegalArgumentException("iterations: " + iterations + " is not in 1..1000000");
            }
            if (!placement.equals("spread") && !placement.equals("one-node")) {
                throw new IllegalArgumentException("placement: '" + placement + "' is not spread or one-node");
            }
        } catch (IllegalArgumentException e) {
            message.fail(400, e.getMessage());
            return;
        }
        List<String> nodes = new ArrayList<>(members.get());
        nodes.sort(null);
        // creating the process and its mapping may wait on the home's own verticles: not on this event loop
        vertx.<LitmusHost.Region>executeBlocking(() -> host.create(LitmusRunner.footprint(test)), false)
                .compose(region -> runOn(test, placement, iterations, nodes, region)
                        .andThen(done -> vertx.executeBlocking(() -> {
                            host.release(region.pid());
                            return null;
                        }, false)))
                .onSuccess(result -> message.reply(result.toJson()))
                .onFailure(err -> message.fail(500, err.getMessage()));
    }

    private Future<LitmusResult> runOn(LitmusTest test, String placement, int iterations, List<String> nodes,
                                       LitmusHost.Region region) {
        int n = test.threads().size();
        List<Future<JsonObject>> roles = new ArrayList<>();
        List<String> where = new ArrayList<>();
        String single = nodes.stream().filter(id -> !id.equals(region.homeNodeId())).findFirst().orElse(region.homeNodeId());
        DeliveryOptions deadline = new DeliveryOptions().setSendTimeout(roleTimeoutMs(iterations));
        for (int t = 0; t < n; t++) {
            String node = placement.equals("spread") ? nodes.get(t % nodes.size()) : single;
            where.add(node);
            JsonObject role = new JsonObject().put("test", test.name()).put("thread", t).put("iterations", iterations)
                    .put("pid", region.pid()).put("home", region.homeNodeId()).put("base", region.base());
            roles.add(vertx.eventBus().<JsonObject>request(Addresses.of(node, ROLE_SERVICE), role, deadline)
                    .map(Message::body));
        }
        String label = placement.equals("spread") ? "spread:" + Math.min(n, nodes.size()) + "-nodes" : "one-node";
        return Future.all(roles).map(all -> {
            List<LitmusRunner.RoleResult> results = new ArrayList<>();
            for (Future<JsonObject> f : roles) {
                results.add(new LitmusRunner.RoleResult(unmatrix(f.result().getJsonArray("registers")),
                        unmatrix(f.result().getJsonArray("finals"))));
            }
            var outcomes = LitmusRunner.tally(test, results, iterations);
            LOG.info("litmus {} {} x{} on {}: {}", test.name(), label, iterations, where, outcomes);
            return new LitmusResult(test.name(), label, iterations, outcomes, LitmusRunner.forbidden(test, outcomes));
        });
    }

    /** The node may be stopping while a role ends: a reply that cannot be sent is logged, not thrown. */
    private void answer(Message<JsonObject> message, JsonObject body) {
        try {
            message.reply(body);
        } catch (RuntimeException e) {
            LOG.warn("litmus reply on {} not sent: {}", nodeId, e.toString());
        }
    }

    private void fail(Message<JsonObject> message, String why) {
        try {
            message.fail(500, why);
        } catch (RuntimeException e) {
            LOG.warn("litmus failure on {} not sent ({}): {}", nodeId, why, e.toString());
        }
    }

    /** A whole role may take long; each of its barriers has its own stall deadline inside. */
    public static long roleTimeoutMs(int iterations) {
        return 60_000L + iterations * 250L;
    }

    static JsonArray matrix(long[][] m) {
        JsonArray rows = new JsonArray();
        for (long[] row : m) {
            JsonArray r = new JsonArray();
            for (long v : row) {
                r.add(v);
            }
            rows.add(r);
        }
        return rows;
    }

    static long[][] unmatrix(JsonArray rows) {
        long[][] m = new long[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonArray r = rows.getJsonArray(i);
            m[i] = new long[r.size()];
            for (int j = 0; j < r.size(); j++) {
                m[i][j] = r.getLong(j);
            }
        }
        return m;
    }
}

package io.procshare.node.status;

import io.procshare.codecs.StatusReply;
import io.procshare.codecs.StatusRequest;
import io.procshare.node.NodeIdentity;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.exec.ThreadInfo;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Status of this node and of the cluster.
 * <ul>
 *   <li>{@code procshare.<nodeId>.status}: binary {@link StatusRequest} in, {@link StatusReply} out;</li>
 *   <li>{@code procshare.status}: for bridge clients; asks every member for its status, each with a
 *       deadline, and answers the JSON documented in the README ({@code members[]} with name, id,
 *       address, bridge, transport, uptimeMs, counters, threads). A member that does not answer in time is
 *       listed with an {@code error} instead of holding up the answer.</li>
 *   <li>{@code procshare.<nodeId>.status.threads}: any body in, a JSON array out: the thread tables
 *       of the processes homed on this node, one {@code {pid, gtid, node, state}} per thread.</li>
 * </ul>
 */
public final class StatusVerticle extends VerticleBase {

    static final String UPTIME_MS = "uptimeMs";
    /** Per-node service: the thread tables of the processes homed there (JSON; the status codec stays as it is). */
    static final String THREADS = "status.threads";

    private final NodeIdentity self;
    private final NodeCounters counters;
    private final Supplier<List<String>> members;
    private final Supplier<List<ThreadInfo>> threads;
    private final long timeoutMs;
    private final FrameGuard guard;
    private final AtomicLong requestIds = new AtomicLong();

    /**
     * @param members node ids of the cluster's members
     * @param threads the thread tables of the processes homed on this node (DESIGN §6)
     */
    public StatusVerticle(NodeIdentity self, NodeCounters counters, Supplier<List<String>> members,
                          Supplier<List<ThreadInfo>> threads, long timeoutMs) {
        this.self = self;
        this.counters = counters;
        this.members = members;
        this.threads = threads;
        this.timeoutMs = timeoutMs;
        this.guard = new FrameGuard(counters);
    }

    @Override
    public Future<?> start() {
        var local = vertx.eventBus().consumer(Addresses.of(self.nodeId(), Addresses.STATUS), this::onStatusRequest);
        var table = vertx.eventBus().consumer(Addresses.of(self.nodeId(), THREADS), m -> m.reply(threadsJson()));
        var cluster = vertx.eventBus().consumer(Addresses.CLIENT_STATUS, this::onClientStatus);
        return Future.all(local.completion(), table.completion(), cluster.completion());
    }

    /** The thread tables of the processes homed here, as the {@code threads} field lists them. */
    JsonArray threadsJson() {
        JsonArray out = new JsonArray();
        for (ThreadInfo t : threads.get()) {
            out.add(new JsonObject().put("pid", t.pid()).put("gtid", t.gtid()).put("node", t.node())
                    .put("state", t.state().name()));
        }
        return out;
    }

    private void onStatusRequest(Message<Object> message) {
        if (guard.body(message, StatusRequest.class) != null) {
            message.reply(reply());
        }
    }

    /** This node's status now. */
    public StatusReply reply() {
        var snapshot = counters.snapshot();
        // measured by the member itself: wall clocks of different hosts need not agree
        snapshot.put(UPTIME_MS, System.currentTimeMillis() - self.startedAtMillis());
        return new StatusReply(self.name(), self.nodeId(), self.clusterAddress(), self.bridgeAddress(),
                self.transport(), self.startedAtMillis(), snapshot);
    }

    private void onClientStatus(Message<Object> message) {
        List<String> ids = members.get();
        List<Future<JsonObject>> answers = new ArrayList<>(ids.size());
        DeliveryOptions deadline = new DeliveryOptions().setSendTimeout(timeoutMs);
        for (String id : ids) {
            StatusRequest request = new StatusRequest(requestIds.incrementAndGet(), (byte) 0);
            Future<JsonObject> status = vertx.eventBus().<StatusReply>request(Addresses.of(id, Addresses.STATUS), request, deadline)
                    .map(reply -> toJson(reply.body()));
            Future<JsonArray> table = vertx.eventBus().<JsonArray>request(Addresses.of(id, THREADS), new JsonObject(), deadline)
                    .map(Message::body);
            answers.add(Future.join(status, table).transform(done -> Future.succeededFuture(
                    member(id, status, table))));
        }
        Future.join(answers).onComplete(done -> {
            List<JsonObject> list = new ArrayList<>();
            for (Future<JsonObject> f : answers) {
                list.add(f.result());
            }
            list.sort(Comparator.comparing((JsonObject j) -> j.getString("name", "~")).thenComparing(j -> j.getString("id")));
            message.reply(new JsonObject()
                    .put("queriedNode", self.name())
                    .put("clusterSize", ids.size())
                    .put("members", new JsonArray(new ArrayList<>(list))));
        });
    }

    /** A member's entry: its status with its threads; an error entry when it gave no status in time. */
    private JsonObject member(String id, Future<JsonObject> status, Future<JsonArray> table) {
        if (status.failed()) {
            return new JsonObject().put("id", id)
                    .put("error", "no status within " + timeoutMs + " ms: " + status.cause().getMessage());
        }
        JsonObject m = status.result();
        if (table.succeeded()) {
            return m.put("threads", table.result());
        }
        return m.put("threads", new JsonArray())
                .put("threadsError", "no thread table within " + timeoutMs + " ms: " + table.cause().getMessage());
    }

    static JsonObject toJson(StatusReply r) {
        JsonObject c = new JsonObject();
        long uptime = 0;
        for (Map.Entry<String, Long> e : r.counters().entrySet()) {
            if (UPTIME_MS.equals(e.getKey())) {
                uptime = e.getValue();
            } else {
                c.put(e.getKey(), e.getValue());
            }
        }
        return new JsonObject()
                .put("name", r.name())
                .put("id", r.nodeId())
                .put("address", r.clusterAddress())
                .put("bridge", r.bridgeAddress())
                .put("transport", r.transport())
                .put("startedAt", r.startedAtMillis())
                .put("uptimeMs", uptime)
                .put("counters", c);
    }
}

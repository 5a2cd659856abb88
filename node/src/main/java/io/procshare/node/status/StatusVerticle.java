package io.procshare.node.status;

import io.procshare.codecs.StatusReply;
import io.procshare.codecs.StatusRequest;
import io.procshare.node.NodeIdentity;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
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
 *       address, bridge, transport, uptimeMs, counters). A member that does not answer in time is
 *       listed with an {@code error} instead of holding up the answer.</li>
 * </ul>
 */
public final class StatusVerticle extends VerticleBase {

    static final String UPTIME_MS = "uptimeMs";

    private final NodeIdentity self;
    private final NodeCounters counters;
    private final Supplier<List<String>> members;
    private final long timeoutMs;
    private final FrameGuard guard;
    private final AtomicLong requestIds = new AtomicLong();

    public StatusVerticle(NodeIdentity self, NodeCounters counters, Supplier<List<String>> members, long timeoutMs) {
        this.self = self;
        this.counters = counters;
        this.members = members;
        this.timeoutMs = timeoutMs;
        this.guard = new FrameGuard(counters);
    }

    @Override
    public Future<?> start() {
        var local = vertx.eventBus().consumer(Addresses.of(self.nodeId(), Addresses.STATUS), this::onStatusRequest);
        var cluster = vertx.eventBus().consumer(Addresses.CLIENT_STATUS, this::onClientStatus);
        return Future.all(local.completion(), cluster.completion());
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
            answers.add(vertx.eventBus().<StatusReply>request(Addresses.of(id, Addresses.STATUS), request, deadline)
                    .map(reply -> toJson(reply.body()))
                    .otherwise(err -> new JsonObject().put("id", id)
                            .put("error", "no status within " + timeoutMs + " ms: " + err.getMessage())));
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

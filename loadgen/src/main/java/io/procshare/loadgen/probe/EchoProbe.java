package io.procshare.loadgen.probe;

import io.procshare.verticles.Addresses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;

import java.util.concurrent.TimeUnit;

/**
 * Event-bus request/reply of {@code size} bytes from one node to another node's EchoVerticle: the
 * round trip every forwarded message and every fault message rides on (DESIGN §9 baseline).
 */
public final class EchoProbe implements Probe {

    private static final long TIMEOUT_MS = 5_000;

    private final EventBus bus;
    private final String address;
    private final int size;
    private Buffer ping;

    /** From node {@code from} of {@code cluster} to node {@code to}'s echo verticle. */
    public EchoProbe(LocalCluster cluster, int from, int to, int size) {
        this.bus = cluster.node(from).vertx().eventBus();
        this.address = Addresses.of(cluster.node(to).identity().nodeId(), Addresses.ECHO);
        this.size = size;
    }

    @Override
    public void prepare(int i) {
        ping = Buffer.buffer(new byte[size]);
    }

    @Override
    public long access(int i) throws Exception {
        Buffer pong = bus.<Buffer>request(address, ping).await(TIMEOUT_MS, TimeUnit.MILLISECONDS).body();
        return pong.length();
    }

    @Override
    public void check(int i, long result) {
        if (result != size) {
            throw new IllegalStateException("event-bus echo of " + size + " B returned " + result + " B");
        }
    }
}

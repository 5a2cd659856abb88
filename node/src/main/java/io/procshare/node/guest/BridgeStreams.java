package io.procshare.node.guest;

import io.procshare.verticles.syscall.ClientStreams;
import io.vertx.core.Context;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * Guest fds 0/1/2 of a submitted process, connected to its client over the event bus (the client
 * registered {@code clientAddress} through the bridge). Every message to the client goes through
 * one context, in the order the guest wrote, and the exit message comes last:
 * <ul>
 *   <li>{@code {"type":"out","pid":P,"stream":1|2,"data":BASE64}} for each write to fd 1 or 2;</li>
 *   <li>{@code {"type":"exit","pid":P,"status":S,"message":M,"threads":[{"gtid":G,"node":NAME},...]}}
 *       once, when the process ends.</li>
 * </ul>
 * stdin is empty (a read of fd 0 returns end of file).
 */
final class BridgeStreams implements ClientStreams {

    private final long pid;
    private final String clientAddress;
    private final EventBus eventBus;
    private final Context context;
    private boolean closed; // context-confined: after the exit message nothing more goes to the client

    BridgeStreams(long pid, String clientAddress, EventBus eventBus, Context context) {
        this.pid = pid;
        this.clientAddress = clientAddress;
        this.eventBus = eventBus;
        this.context = context;
    }

    @Override
    public long write(int stream, byte[] data) {
        if (data.length == 0) {
            return 0;
        }
        JsonObject out = new JsonObject().put("type", "out").put("pid", pid).put("stream", stream)
                .put("data", Base64.getEncoder().encodeToString(data));
        context.runOnContext(v -> {
            if (!closed) {
                eventBus.send(clientAddress, out);
            }
        });
        return data.length;
    }

    @Override
    public long read(byte[] into) {
        return 0;
    }

    /** The last message: the process ended. Any thread. */
    void exit(int status, String message, JsonArray threads) {
        JsonObject exit = new JsonObject().put("type", "exit").put("pid", pid).put("status", status)
                .put("message", message).put("threads", threads);
        context.runOnContext(v -> {
            closed = true; // a write that raced with the end (another thread's exit_group, a kill) is dropped
            eventBus.send(clientAddress, exit);
        });
    }
}

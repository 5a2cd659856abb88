package io.procshare.node.bridge;

import io.procshare.node.ClusterSecret;
import io.procshare.node.client.BridgeClient;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one client connection may do (sans-IO; issue 15): each decoded frame in, one
 * {@link Decision} out. The connection's own {@link ClientBridge} carries the decision out.
 * <ul>
 *   <li>In a closed cluster every frame must carry the secret's token in its
 *       {@value ClusterSecret#BRIDGE_HEADER} header, the first one too: a frame without it or with a
 *       wrong one closes the connection ({@value #REFUSED_FRAMES}). The header is removed from every
 *       frame, so the token never travels between nodes.</li>
 *   <li>The connection is authenticated by its first valid frame (any well-formed frame in an
 *       open cluster, one with the token in a closed one).</li>
 *   <li>{@code send}: only to a client service ({@link ClientAddresses#isService}) or to an
 *       address this connection registered. A body's {@code client} field, where there is one,
 *       must be an address this connection registered: no client can have another's process
 *       output sent anywhere but to itself.</li>
 *   <li>{@code register}/{@code unregister}: only client addresses ({@link ClientAddresses#isClientAddress}),
 *       at most {@link #MAX_REGISTRATIONS} at once.</li>
 *   <li>{@code publish}: refused (no client service takes a publish: one to {@code procshare.submit}
 *       would start a process on every node).</li>
 *   <li>{@code ping}: a {@code pong}.</li>
 * </ul>
 * A refused frame is answered with an {@code err} frame and counted; only a token refusal closes
 * the connection.
 */
public final class BridgeSession {

    /** Counter of client frames refused for a missing or wrong secret (as before issue 15). */
    public static final String REFUSED_FRAMES = "bridge.refusedFrames";
    /** Counter of frames naming an address clients may not use. */
    public static final String DENIED = "bridge.deniedAddresses";
    /** Counter of submissions whose {@code client} field is not an address of the submitting connection. */
    public static final String FOREIGN_CLIENT = "bridge.foreignClientAddresses";
    /** Counter of frames of an unknown type, without an address, or beyond a connection's bounds. */
    public static final String MALFORMED = "bridge.malformedFrames";

    /** Client addresses one connection may hold registered at once. */
    public static final int MAX_REGISTRATIONS = 64;
    /** Requests one connection may have waiting for their reply at once. */
    public static final int MAX_IN_FLIGHT = 64;
    /** A request's deadline when its frame names none ({@code headers.timeout}), and the longest allowed. */
    public static final long DEFAULT_TIMEOUT_MS = 30_000;
    public static final long MAX_TIMEOUT_MS = 3_600_000;

    /** What to do with a frame. */
    public sealed interface Decision {
    }

    /** Send {@code body} to {@code address}; with a {@code replyAddress}, as a request whose answer goes back under that name. */
    public record Send(String address, Object body, String replyAddress, long timeoutMs) implements Decision {
    }

    /** Register the connection on {@code address}. */
    public record Register(String address) implements Decision {
    }

    /** Drop the connection's registration on {@code address}. */
    public record Unregister(String address) implements Decision {
    }

    /** Answer a ping. */
    public record Pong() implements Decision {
    }

    /** Answer with an {@code err} frame saying {@code message}, count {@code counter}; {@code close}: then close. */
    public record Refuse(String counter, String message, boolean close) implements Decision {
    }

    private final ClusterSecret secret;
    private final Set<String> registered = new LinkedHashSet<>();
    private boolean authenticated;
    private int inFlight;

    /** @param secret null for an open cluster */
    public BridgeSession(ClusterSecret secret) {
        this.secret = secret;
    }

    /** True once a frame passed the token check (in an open cluster: once a well-formed frame arrived). */
    public boolean authenticated() {
        return authenticated;
    }

    /** The client addresses this connection holds, in the order registered. */
    public Set<String> registered() {
        return Set.copyOf(registered);
    }

    /** A request's reply (or failure) went back to the client. */
    public void replied() {
        inFlight = Math.max(0, inFlight - 1);
    }

    /** The decision for one decoded frame; {@code frame} loses its token header. */
    public Decision decide(JsonObject frame) {
        String token = takeToken(frame);
        if (secret != null && !secret.acceptsBridgeToken(token)) {
            return new Refuse(REFUSED_FRAMES, BridgeClient.REFUSED_MESSAGE, true);
        }
        authenticated = true;
        if (!(frame.getValue("type") instanceof String type)) {
            return new Refuse(MALFORMED, "unknown_type: a frame's 'type' must be one of send, publish, register, unregister, ping", false);
        }
        if (type.equals("ping")) {
            return new Pong();
        }
        if (!(frame.getValue("address") instanceof String address) || address.isEmpty()) {
            return new Refuse(MALFORMED, "missing_address: a " + type + " frame needs an 'address'", false);
        }
        return switch (type) {
            case "send" -> send(frame, address);
            case "publish" -> new Refuse(DENIED, "access_denied: " + address + " (no client service takes a publish; send)", false);
            case "register" -> register(address);
            case "unregister" -> registered.remove(address) ? new Unregister(address)
                    : new Refuse(MALFORMED, "unknown_address: this connection has no registration on " + address, false);
            default -> new Refuse(MALFORMED, "unknown_type: " + type, false);
        };
    }

    private Decision send(JsonObject frame, String address) {
        if (!ClientAddresses.isService(address) && !registered.contains(address)) {
            return new Refuse(DENIED, "access_denied: " + address + " is not a client service", false);
        }
        Object body = frame.getValue("body");
        if (body instanceof JsonObject b && b.containsKey("client")) {
            if (!(b.getValue("client") instanceof String c) || !registered.contains(c)) {
                return new Refuse(FOREIGN_CLIENT, "access_denied: field 'client' must be a " + ClientAddresses.CLIENT_PREFIX
                        + "* address this connection registered, not " + b.getValue("client"), false);
            }
        }
        Object reply = frame.getValue("replyAddress");
        if (reply != null && !(reply instanceof String r && !r.isEmpty() && r.length() <= ClientAddresses.MAX_ADDRESS_LENGTH)) {
            return new Refuse(MALFORMED, "'replyAddress' must be a string of 1 to " + ClientAddresses.MAX_ADDRESS_LENGTH
                    + " characters", false);
        }
        long timeout = DEFAULT_TIMEOUT_MS;
        if (frame.getValue("headers") instanceof JsonObject h && h.getValue("timeout") instanceof Number n) {
            timeout = Math.clamp(n.longValue(), 1, MAX_TIMEOUT_MS);
        }
        if (reply != null) {
            if (inFlight >= MAX_IN_FLIGHT) {
                return new Refuse(MALFORMED, "too many requests in flight on this connection (at most " + MAX_IN_FLIGHT + ")", false);
            }
            inFlight++;
        }
        return new Send(address, body, (String) reply, timeout);
    }

    private Decision register(String address) {
        if (!ClientAddresses.isClientAddress(address)) {
            return new Refuse(DENIED, "access_denied: " + address + " is not a client address (" + ClientAddresses.CLIENT_PREFIX + "*)", false);
        }
        if (registered.contains(address)) {
            return new Register(address);
        }
        if (registered.size() >= MAX_REGISTRATIONS) {
            return new Refuse(MALFORMED, "too many registrations on this connection (at most " + MAX_REGISTRATIONS + ")", false);
        }
        registered.add(address);
        return new Register(address);
    }

    /** Removes the token header from the frame and returns it (null when absent or not a string). */
    private static String takeToken(JsonObject frame) {
        if (!(frame.getValue("headers") instanceof JsonObject headers)) {
            return null;
        }
        Object token = headers.remove(ClusterSecret.BRIDGE_HEADER);
        if (headers.isEmpty()) {
            frame.remove("headers");
        }
        return token instanceof String s ? s : null;
    }
}

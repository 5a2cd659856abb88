package io.procshare.node.bridge;

import io.procshare.node.ClusterSecret;
import io.procshare.node.client.BridgeClient;
import io.procshare.verticles.Addresses;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class BridgeSessionTest {

    private static final ClusterSecret SECRET = ClusterSecret.of("test", "s3cret");

    static JsonObject frame(String type, String address) {
        JsonObject f = new JsonObject().put("type", type);
        return address == null ? f : f.put("address", address);
    }

    static JsonObject withToken(JsonObject frame, String token) {
        return frame.put("headers", new JsonObject().put(ClusterSecret.BRIDGE_HEADER, token));
    }

    @Test
    void when_aClientRegistersOrSendsToAnInternalAddress_then_itIsDeniedAndCounted() {
        BridgeSession s = new BridgeSession(null);
        String node = UUID.randomUUID().toString();
        for (String service : new String[] {"memory.pages", "memory.manager", "syscall", "threads", "submit", "kill"}) {
            String internal = Addresses.of(node, service);
            for (String type : new String[] {"register", "send", "publish"}) {
                assertThat(s.decide(frame(type, internal))).as(type + " " + internal)
                        .isInstanceOfSatisfying(BridgeSession.Refuse.class, r -> {
                            assertThat(r.counter()).isEqualTo(BridgeSession.DENIED);
                            assertThat(r.message()).startsWith("access_denied");
                            assertThat(r.close()).isFalse();
                        });
            }
        }
        assertThat(s.decide(frame("send", "procshare.process.ended"))).isInstanceOf(BridgeSession.Refuse.class);
        assertThat(s.decide(frame("unregister", Addresses.of(node, "syscall")))).isInstanceOf(BridgeSession.Refuse.class);
    }

    @Test
    void when_aClientUsesTheClientServices_then_theyPass() {
        BridgeSession s = new BridgeSession(null);
        String me = ClientAddresses.newClientAddress();
        assertThat(s.decide(frame("register", me))).isEqualTo(new BridgeSession.Register(me));
        assertThat(s.decide(frame("send", me).put("body", new JsonObject()))).isInstanceOf(BridgeSession.Send.class);
        JsonObject submit = frame("send", "procshare.submit").put("replyAddress", "procshare.client.reply.1")
                .put("headers", new JsonObject().put("timeout", 999_999_999L))
                .put("body", new JsonObject().put("task", "matmul").put("client", me));
        assertThat(s.decide(submit)).isEqualTo(new BridgeSession.Send("procshare.submit", submit.getValue("body"),
                "procshare.client.reply.1", BridgeSession.MAX_TIMEOUT_MS));
        assertThat(s.decide(frame("send", "procshare.run.chunk"))).isInstanceOf(BridgeSession.Send.class);
        assertThat(s.decide(frame("ping", null))).isInstanceOf(BridgeSession.Pong.class);
        assertThat(s.decide(frame("unregister", me))).isEqualTo(new BridgeSession.Unregister(me));
        assertThat(s.decide(frame("send", me))).as("no longer its own").isInstanceOf(BridgeSession.Refuse.class);
    }

    @Test
    void when_aSubmissionNamesAnotherClientsAddressOrAnInternalOne_then_itIsRefused() {
        BridgeSession s = new BridgeSession(null);
        s.decide(frame("register", ClientAddresses.newClientAddress()));
        for (Object client : new Object[] {ClientAddresses.newClientAddress(), Addresses.of(UUID.randomUUID().toString(),
                "memory.manager"), 42, null}) {
            JsonObject f = frame("send", "procshare.submit").put("body", new JsonObject().put("task", "matmul")
                    .put("client", client));
            assertThat(s.decide(f)).as(String.valueOf(client)).isInstanceOfSatisfying(BridgeSession.Refuse.class,
                    r -> assertThat(r.counter()).isEqualTo(BridgeSession.FOREIGN_CLIENT));
        }
        // nor may it send to another client's address
        assertThat(s.decide(frame("send", ClientAddresses.newClientAddress()))).isInstanceOf(BridgeSession.Refuse.class);
    }

    @Test
    void when_theClusterIsClosed_then_theFirstFrameNeedsTheTokenAndAWrongOneCloses() {
        BridgeSession none = new BridgeSession(SECRET);
        assertThat(none.decide(frame("ping", null))).isInstanceOfSatisfying(BridgeSession.Refuse.class, r -> {
            assertThat(r.close()).isTrue();
            assertThat(r.counter()).isEqualTo(BridgeSession.REFUSED_FRAMES);
            assertThat(r.message()).isEqualTo(BridgeClient.REFUSED_MESSAGE);
        });
        assertThat(none.authenticated()).isFalse();
        BridgeSession wrong = new BridgeSession(SECRET);
        assertThat(wrong.decide(withToken(frame("ping", null), ClusterSecret.of("t", "guess").bridgeToken())))
                .isInstanceOfSatisfying(BridgeSession.Refuse.class, r -> assertThat(r.close()).isTrue());
        BridgeSession right = new BridgeSession(SECRET);
        JsonObject f = withToken(frame("send", "procshare.status").put("body", new JsonObject()), SECRET.bridgeToken());
        assertThat(right.decide(f)).isInstanceOf(BridgeSession.Send.class);
        assertThat(f.containsKey("headers")).as("the token is removed").isFalse();
        assertThat(right.authenticated()).isTrue();
        // the token on every frame, as before
        assertThat(right.decide(frame("ping", null))).isInstanceOf(BridgeSession.Refuse.class);
    }

    @Test
    void when_aConnectionGoesBeyondItsBounds_then_itIsRefused() {
        BridgeSession s = new BridgeSession(null);
        for (int i = 0; i < BridgeSession.MAX_REGISTRATIONS; i++) {
            assertThat(s.decide(frame("register", ClientAddresses.newClientAddress()))).isInstanceOf(BridgeSession.Register.class);
        }
        assertThat(s.decide(frame("register", ClientAddresses.newClientAddress()))).isInstanceOf(BridgeSession.Refuse.class);
        for (int i = 0; i < BridgeSession.MAX_IN_FLIGHT; i++) {
            assertThat(s.decide(frame("send", "procshare.status").put("replyAddress", "procshare.client.r" + i)))
                    .isInstanceOf(BridgeSession.Send.class);
        }
        assertThat(s.decide(frame("send", "procshare.status").put("replyAddress", "procshare.client.rx")))
                .isInstanceOf(BridgeSession.Refuse.class);
        s.replied();
        assertThat(s.decide(frame("send", "procshare.status").put("replyAddress", "procshare.client.ry")))
                .isInstanceOf(BridgeSession.Send.class);
        assertThat(s.decide(frame("launch", "procshare.status"))).isInstanceOfSatisfying(BridgeSession.Refuse.class,
                r -> assertThat(r.message()).startsWith("unknown_type"));
        assertThat(s.decide(frame("send", null))).isInstanceOfSatisfying(BridgeSession.Refuse.class,
                r -> assertThat(r.message()).startsWith("missing_address"));
    }
}

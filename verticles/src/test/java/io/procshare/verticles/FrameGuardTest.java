package io.procshare.verticles;

import io.procshare.codecs.FrameDecodeException;
import io.procshare.codecs.ProcshareCodecs;
import io.procshare.codecs.ThreadExit;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class FrameGuardTest {

    @Test
    void when_bodyHasTheWrongType_then_messageIsFailedWith400AndCounted(Vertx vertx) throws Exception {
        NodeCounters counters = new NodeCounters();
        vertx.deployVerticle(new EchoVerticle("n1", counters)).await(5, TimeUnit.SECONDS);
        FrameGuard guard = new FrameGuard(counters);
        vertx.eventBus().<Object>consumer("typed", m -> {
            ThreadExit t = guard.body(m, ThreadExit.class);
            if (t != null) {
                m.reply("ok");
            }
        });
        assertThatThrownBy(() -> vertx.eventBus().request("typed", "a string").await(5, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(e.failureCode()).isEqualTo(FrameGuard.FAILURE_BAD_FRAME);
                    assertThat(e.getMessage()).contains("ThreadExit");
                });
        assertThat(counters.get(NodeCounters.REJECTED_FRAMES)).isEqualTo(1);
    }

    @Test
    void when_decodeThrows_then_guardReturnsNullAndCounts(Vertx vertx) {
        NodeCounters counters = new NodeCounters();
        FrameGuard guard = new FrameGuard(counters);
        @SuppressWarnings("unchecked")
        Message<Object> bad = (Message<Object>) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Message.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "body" -> throw new FrameDecodeException("version", 0, 9, "expected 1");
                    case "address" -> "procshare.n1.echo";
                    default -> null;
                });
        assertThat(guard.body(bad, Object.class)).isNull();
        assertThat(counters.get(NodeCounters.REJECTED_FRAMES)).isEqualTo(1);
    }

    @Test
    void when_echoReceivesAMessage_then_itRepliesWithAnEqualOne(Vertx vertx) throws Exception {
        ProcshareCodecs.registerAll(vertx.eventBus());
        NodeCounters counters = new NodeCounters();
        vertx.deployVerticle(new EchoVerticle("n1", counters)).await(5, TimeUnit.SECONDS);
        ThreadExit sent = new ThreadExit(1, 2, "n1", 3);
        Object back = vertx.eventBus().request(Addresses.of("n1", Addresses.ECHO), sent).await(5, TimeUnit.SECONDS).body();
        assertThat(back).isEqualTo(sent);
        assertThat(counters.get(NodeCounters.ECHOED)).isEqualTo(1);
    }
}

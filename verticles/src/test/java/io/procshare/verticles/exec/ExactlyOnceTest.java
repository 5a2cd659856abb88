package io.procshare.verticles.exec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-thread exactly-once state machine, message by message. */
class ExactlyOnceTest {

    private final ExactlyOnce<String, String> once = new ExactlyOnce<>();

    @Test
    void when_newSequence_then_execute_andItsRetryAfterCompletionIsReplayed() {
        assertThat(once.onRequest(1, "t1")).isInstanceOf(ExactlyOnce.Execute.class);
        assertThat(once.complete(1, "r1")).isEqualTo("t1");
        assertThat(once.onRequest(1, "t1'")).isEqualTo(new ExactlyOnce.Replay<String, String>("r1"));
    }

    @Test
    void when_retryArrivesWhileRunning_then_theReplyGoesToTheRetry_andTheOldTargetIsSuperseded() {
        once.onRequest(5, "a");
        assertThat(once.onRequest(5, "b")).isEqualTo(new ExactlyOnce.Attach<String, String>("a"));
        assertThat(once.complete(5, "r")).isEqualTo("b");
    }

    @Test
    void when_olderSequenceArrives_then_stale_andNothingRuns() {
        once.onRequest(1, "a");
        once.complete(1, "r1");
        once.onRequest(2, "b");
        once.complete(2, "r2");
        assertThat(once.onRequest(1, "late")).isInstanceOf(ExactlyOnce.Stale.class);
        assertThat(once.onRequest(3, "c")).isInstanceOf(ExactlyOnce.Execute.class);
        assertThat(once.onRequest(4, "d")).isInstanceOf(ExactlyOnce.Stale.class); // one syscall at a time per thread
    }
}

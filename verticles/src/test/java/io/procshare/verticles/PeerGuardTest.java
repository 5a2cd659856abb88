package io.procshare.verticles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeerGuardTest {

    private final NodeCounters counters = new NodeCounters();
    private final PeerGuard guard = new PeerGuard(counters);

    @Test
    void aPeerThatStopsAnsweringHasItsResendsHeldBackThenProbed() throws InterruptedException {
        for (int i = 0; i < 9; i++) {
            guard.silent("b", System.nanoTime());
        }
        assertThat(guard.permitResend("b")).as("9 silent attempts of 10: not yet open").isTrue();
        guard.silent("b", System.nanoTime());
        assertThat(guard.states()).containsEntry("b", "OPEN");
        assertThat(guard.permitResend("b")).isFalse();
        assertThat(guard.permitResend("b")).isFalse();
        assertThat(counters.get(PeerGuard.RESENDS_HELD)).isEqualTo(2);
        assertThat(counters.get(PeerGuard.BREAKERS_OPENED)).isEqualTo(1);
        assertThat(guard.permitResend("c")).as("another peer is not affected").isTrue();

        Thread.sleep(1_100); // the open state lasts 1 s; then one probe may go
        assertThat(guard.permitResend("b")).isTrue();
        assertThat(guard.states()).containsEntry("b", "HALF_OPEN");
        assertThat(guard.permitResend("b")).as("only one probe at a time").isFalse();
        guard.answered("b", System.nanoTime());
        assertThat(guard.states()).containsEntry("b", "CLOSED");
        assertThat(guard.permitResend("b")).isTrue();
    }

    @Test
    void answersKeepABreakerClosedAndAForgottenPeerStartsAfresh() {
        for (int i = 0; i < 100; i++) {
            guard.answered("b", System.nanoTime());
            if (i % 3 == 0) {
                guard.silent("b", System.nanoTime());
            }
        }
        assertThat(guard.states()).containsEntry("b", "CLOSED");
        for (int i = 0; i < 10; i++) {
            guard.silent("b", System.nanoTime());
        }
        assertThat(guard.states()).containsEntry("b", "OPEN");
        guard.answered("b", System.nanoTime());
        assertThat(guard.states()).as("any answer closes it at once").containsEntry("b", "CLOSED");
        for (int i = 0; i < 10; i++) {
            guard.silent("b", System.nanoTime());
        }
        guard.forget("b");
        assertThat(guard.states()).doesNotContainKey("b");
        assertThat(guard.permitResend("b")).isTrue();
    }

    @Test
    void aResendPolicyRetriesUntilTheReplyOrUntilTheDeadlineSaysStop() throws Throwable {
        PeerGuard.ResendPolicy policy = new PeerGuard.ResendPolicy("test", 20);
        CompletableFuture<String> reply = new CompletableFuture<>();
        AtomicInteger attempts = new AtomicInteger();
        String got = policy.execute(() -> {
            if (attempts.incrementAndGet() == 3) {
                reply.complete("answer"); // the third attempt is answered
            }
            try {
                return policy.awaitAttempt(() -> reply);
            } catch (TimeoutException e) {
                throw new PeerGuard.NoAnswerYet("silent", true);
            }
        });
        assertThat(got).isEqualTo("answer");
        assertThat(attempts).hasValue(3);

        AtomicInteger silent = new AtomicInteger();
        CompletableFuture<String> never = new CompletableFuture<>();
        long start = System.nanoTime();
        assertThatThrownBy(() -> policy.execute(() -> {
            try {
                return policy.awaitAttempt(() -> never);
            } catch (TimeoutException e) {
                throw new PeerGuard.NoAnswerYet("silent " + silent.incrementAndGet(), silent.get() < 4);
            }
        })).isInstanceOf(PeerGuard.NoAnswerYet.class).hasMessage("silent 4");
        assertThat((System.nanoTime() - start) / 1_000_000).as("four attempts of 20 ms each").isGreaterThanOrEqualTo(80);
        assertThat(never).as("a time-out does not cancel the reply: a late one still counts").isNotCancelled();
    }

    @Test
    void aFailureThatIsNotASilenceEndsTheRequestAtOnce() {
        PeerGuard.ResendPolicy policy = new PeerGuard.ResendPolicy("test", 1_000);
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> refused = CompletableFuture.failedFuture(new IllegalStateException("refused"));
        assertThatThrownBy(() -> policy.execute(() -> {
            attempts.incrementAndGet();
            return policy.awaitAttempt(() -> refused);
        })).isInstanceOf(IllegalStateException.class).hasMessage("refused");
        assertThat(attempts).hasValue(1);
    }
}

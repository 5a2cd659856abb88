package io.procshare.verticles;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How one node waits for, and retries, requests to its peers (DESIGN §10): Resilience4j's
 * {@link CircuitBreaker} per peer node, a {@link Retry} and a {@link TimeLimiter} per kind of
 * request. One instance per node, shared by the memory and syscall units.
 *
 * <p><b>A breaker records whether a peer answers</b>, not whether the request succeeded: any reply
 * (a result, an error, "still running") is a success; an attempt that got no word (a time-out, no
 * handler) is a failure. When half of a peer's last 10 attempts went unanswered, its breaker opens
 * and <em>re-sends</em> to it are held back (the peer is not answering; re-sending only lengthens
 * its queue) until it answers anything, or for a second, after which one probe goes (half-open).
 * The first send of a request always goes, and a breaker never fails a request by itself: every request keeps its own deadline, so
 * nothing waits forever and nothing fails earlier than its deadline because of a neighbour.
 *
 * <p><b>Exactly once</b> is the protocols' part: a re-send carries the same identity (a syscall's
 * (gtid, sequence), a page request's id), and the receiver never runs one twice.
 */
public final class PeerGuard {

    /** Re-sends held back because the peer's breaker was open. */
    public static final String RESENDS_HELD = "resendsHeldBack";
    /** Times a peer's breaker opened. */
    public static final String BREAKERS_OPENED = "peerBreakersOpened";

    private static final Exception SILENT = new TimeoutException("the peer did not answer");

    private final CircuitBreakerRegistry breakers;
    private final NodeCounters counters;

    public PeerGuard(NodeCounters counters) {
        this.counters = counters;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .slowCallDurationThreshold(Duration.ofDays(1)) // slowness is the deadlines' business
                .waitDurationInOpenState(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false) // no timer threads: a re-send asks
                .writableStackTraceEnabled(false)
                .build());
        breakers.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(e -> {
                    if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                        counters.increment(BREAKERS_OPENED);
                    }
                }));
        counters.add(RESENDS_HELD, 0);
        counters.add(BREAKERS_OPENED, 0);
    }

    /** The breaker of {@code peer} (a node id), made on first use. */
    private CircuitBreaker breaker(String peer) {
        return breakers.circuitBreaker(peer);
    }

    /**
     * Whether a re-send to {@code peer} may go now: false while its breaker is open (the re-send is
     * then skipped and counted; the request's own deadline still runs).
     */
    public boolean permitResend(String peer) {
        if (breaker(peer).tryAcquirePermission()) {
            return true;
        }
        counters.increment(RESENDS_HELD);
        return false;
    }

    /** {@code peer} answered an attempt sent at {@code sentNanos} ({@link System#nanoTime()}). */
    public void answered(String peer, long sentNanos) {
        CircuitBreaker cb = breaker(peer);
        if (cb.getState() != CircuitBreaker.State.CLOSED) {
            cb.transitionToClosedState(); // any word from the peer shows it is there
        }
        cb.onSuccess(System.nanoTime() - sentNanos, TimeUnit.NANOSECONDS);
    }

    /** An attempt to {@code peer} sent at {@code sentNanos} got no word before its deadline. */
    public void silent(String peer, long sentNanos) {
        breaker(peer).onError(System.nanoTime() - sentNanos, TimeUnit.NANOSECONDS, SILENT);
    }

    /** {@code peer} left the cluster: its breaker goes (a node that comes back starts closed). */
    public void forget(String peer) {
        breakers.remove(peer);
    }

    /** Every peer's breaker state, by node id, for status. */
    public Map<String, String> states() {
        Map<String, String> out = new TreeMap<>();
        breakers.getAllCircuitBreakers().forEach(cb -> out.put(cb.getName(), cb.getState().name()));
        return out;
    }

    /**
     * A request that re-sends until its reply (the same identity each time) and gives up only after
     * a silence: each attempt waits {@code attemptMs} for the reply ({@link TimeLimiter}); the
     * {@link Retry} goes on while {@link NoAnswerYet#retry()} says so.
     */
    public static final class ResendPolicy {

        private final TimeLimiter attempt;
        private final Retry retry;

        public ResendPolicy(String name, long attemptMs) {
            this.attempt = TimeLimiter.of(name + "-attempt", TimeLimiterConfig.custom()
                    .timeoutDuration(Duration.ofMillis(attemptMs))
                    .cancelRunningFuture(false) // a late reply to an earlier attempt still counts
                    .build());
            this.retry = Retry.of(name, RetryConfig.custom()
                    .maxAttempts(Integer.MAX_VALUE) // the silence deadline ends it, not a count
                    .waitDuration(Duration.ZERO) // the attempt itself waited
                    .retryOnException(e -> e instanceof NoAnswerYet n && n.retry())
                    .failAfterMaxAttempts(false)
                    .writableStackTraceEnabled(false)
                    .build());
        }

        /** Waits at most one attempt's time for {@code reply}; a time-out becomes {@link TimeoutException}. */
        public <T> T awaitAttempt(Supplier<? extends Future<T>> reply) throws Exception {
            return attempt.executeFutureSupplier(reply);
        }

        /** Runs {@code attempt} until it returns, or throws anything but a retryable {@link NoAnswerYet}. */
        public <T> T execute(CheckedSupplier<T> attempt) throws Throwable {
            return retry.executeCheckedSupplier(attempt);
        }
    }

    /** An attempt got no reply in time; {@code retry} says whether the request's deadline allows another. */
    public static final class NoAnswerYet extends Exception {

        private final boolean retry;

        public NoAnswerYet(String message, boolean retry) {
            super(message, null, false, false);
            this.retry = retry;
        }

        public boolean retry() {
            return retry;
        }
    }
}

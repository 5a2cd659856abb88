package io.procshare.verticles.memory.coherence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procshare.codecs.Access;
import io.procshare.codecs.PageKind;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Data;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Forward;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Invalidate;
import io.procshare.verticles.memory.coherence.CoherenceMessage.InvalidateAck;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Request;
import org.junit.jupiter.api.Test;

/** The protocol extensions for real nodes: {@code PageNode.hold}, and the munmap discard on both sides. */
class DiscardAndHoldTest {

    private static final long PAGE = 5;

    @Test
    void when_aPageIsHeld_then_anInvalidateWaitsForTheLastEnd_andTheStoreMadeMeanwhileIsKept() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 1);
        h.node("a").hold(PAGE);
        h.begin("b", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        h.deliver(Forward.class, "a");

        assertThat(h.inFlight(Data.class)).isEmpty();
        assertThat(h.node("a").isRevocationPending(PAGE)).isTrue();
        long[] frame = h.node("a").frame(PAGE);
        frame[0] = 77L; // a guest store through the frame while held (word 0 is bytes 0..7 on a little-endian host)

        h.end("a", PAGE);
        h.deliverAll();
        assertThat(h.read("b", PAGE)).isEqualTo(77);
    }

    @Test
    void when_pagesAreDiscardedAtTheManager_then_theNextTouchIsAZeroFill() {
        Harness h = new Harness("a");
        h.write("a", PAGE, 9);
        h.deliverAll();

        assertThat(h.manager.discard(PAGE, PAGE + 1)).isEmpty();
        h.node("a").discard(PAGE, PAGE + 1);

        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.NONE);
        assertThat(h.manager.copyset(PAGE)).isEmpty();
        h.begin("a", PAGE, Access.READ);
        h.deliver(Request.class, Harness.HOME);
        Data grant = (Data) h.deliver(Data.class, "a").message();
        assertThat(grant.kind()).isEqualTo(PageKind.ZERO_FILL);
        h.deliverAll();
        assertThat(h.read("a", PAGE)).isZero();
    }

    @Test
    void when_discardedWhileATransactionIsActive_then_itsRequesterGetsSegv() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 9);
        long request = h.begin("b", PAGE, Access.READ).requestId();
        h.deliver(Request.class, Harness.HOME);

        h.inFlight.addAll(h.manager.discard(PAGE, PAGE + 1));
        h.deliver(Data.class, "b");

        assertThat(h.completionOf(request).status()).isEqualTo(PageStatus.SEGV);
        assertThat(h.manager.isBusy(PAGE)).isFalse();
    }

    @Test
    void when_aGrantFromBeforeTheDiscardArrivesAfterIt_then_itIsNotInstalled() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 9);
        h.begin("b", PAGE, Access.READ);
        h.deliver(Request.class, Harness.HOME);
        h.deliver(Forward.class, "a"); // a's snapshot to b is now in flight

        h.inFlight.addAll(h.manager.discard(PAGE, PAGE + 1));
        h.node("a").discard(PAGE, PAGE + 1);
        h.node("b").discard(PAGE, PAGE + 1);
        h.deliverAll();

        assertThat(h.node("b").state(PAGE)).isEqualTo(PageState.NONE);
        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.NONE);
    }

    @Test
    void when_aQueuedRequestIsDiscarded_then_itIsRefusedWithSegv() {
        Harness h = new Harness("a", "b", "c");
        h.write("a", PAGE, 1);
        h.begin("b", PAGE, Access.WRITE);
        long queued = h.begin("c", PAGE, Access.READ).requestId();
        h.deliver(Request.class, Harness.HOME);
        h.deliver(Request.class, Harness.HOME);
        assertThat(h.manager.queued(PAGE)).isEqualTo(1);

        h.inFlight.addAll(h.manager.discard(PAGE, PAGE + 1));
        h.inFlight.removeIf(e -> e.message() instanceof Forward || e.message() instanceof Invalidate
                || e.message() instanceof InvalidateAck);
        h.deliverAll();

        assertThat(h.completionOf(queued).status()).isEqualTo(PageStatus.SEGV);
        assertThat(h.manager.queued(PAGE)).isZero();
    }

    @Test
    void when_aPinnedPageIsDiscarded_then_itIsRefused() {
        Harness h = new Harness("a");
        h.write("a", PAGE, 1);
        h.node("a").hold(PAGE);

        assertThatThrownBy(() -> h.node("a").discard(PAGE, PAGE + 1)).isInstanceOf(IllegalStateException.class);
    }
}

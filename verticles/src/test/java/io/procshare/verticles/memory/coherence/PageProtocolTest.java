package io.procshare.verticles.memory.coherence;

import static org.assertj.core.api.Assertions.assertThat;

import io.procshare.codecs.Access;
import io.procshare.codecs.PageKind;
import io.procshare.codecs.PageState;
import io.procshare.codecs.PageStatus;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Confirm;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Data;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Forward;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Invalidate;
import io.procshare.verticles.memory.coherence.CoherenceMessage.InvalidateAck;
import io.procshare.verticles.memory.coherence.CoherenceMessage.Request;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One rule of DESIGN §5 per test, driven message by message. */
class PageProtocolTest {

    private static final long PAGE = 5;
    private static final long OTHER_PAGE = 6;

    @Test
    void when_neverWrittenPageIsRead_then_zeroFillGrantWithoutData() {
        Harness h = new Harness("a");
        h.begin("a", PAGE, Access.READ);
        h.deliver(Request.class, Harness.HOME);

        Data grant = (Data) h.deliver(Data.class, "a").message();
        assertThat(grant.kind()).isEqualTo(PageKind.ZERO_FILL);
        assertThat(grant.grant()).isEqualTo(PageState.READ_ONLY);
        assertThat(grant.data()).isEmpty();
        h.deliverAll();
        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.READ_ONLY);
        assertThat(h.read("a", PAGE)).isZero();
        assertThat(h.manager.copyset(PAGE)).containsExactly("a");
        assertThat(h.manager.owner(PAGE)).isEmpty();
    }

    @Test
    void when_neverWrittenPageIsWritten_then_zeroFillReadWriteAndWriterOwnsIt() {
        Harness h = new Harness("a");
        h.begin("a", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);

        Data grant = (Data) h.deliver(Data.class, "a").message();
        assertThat(grant.kind()).isEqualTo(PageKind.ZERO_FILL);
        assertThat(grant.grant()).isEqualTo(PageState.READ_WRITE);
        assertThat(grant.data()).isEmpty();
        h.deliverAll();
        assertThat(h.manager.owner(PAGE)).contains("a");
    }

    @Test
    void when_readFaultAtR_then_ownerDowngradesAndSendsTheCopy_andRJoinsTheCopyset() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 42);
        long read = h.begin("b", PAGE, Access.READ).requestId();
        h.deliver(Request.class, Harness.HOME);

        assertThat(h.deliver(Forward.class, "a").message()).isEqualTo(new Forward(1, PAGE, "b", Access.READ, read));
        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.READ_ONLY);
        Data copy = (Data) h.deliver(Data.class, "b").message();
        assertThat(copy.kind()).isEqualTo(PageKind.DATA);
        assertThat(copy.grant()).isEqualTo(PageState.READ_ONLY);
        assertThat(h.manager.copyset(PAGE)).containsExactly("a"); // not before the confirm
        h.deliver(Confirm.class, Harness.HOME);
        assertThat(h.manager.copyset(PAGE)).containsExactlyInAnyOrder("a", "b");
        assertThat(h.manager.owner(PAGE)).contains("a");
        assertThat(h.read("b", PAGE)).isEqualTo(42);
    }

    @Test
    void when_writerInvalidatesTwoReaders_then_bothAckBeforeGrant() {
        Harness h = new Harness("a", "b", "c", "d");
        h.write("a", PAGE, 1);
        h.read("b", PAGE);
        h.read("c", PAGE);
        h.begin("d", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);

        assertThat(h.inFlight).extracting(Envelope::to).containsExactlyInAnyOrder("b", "c");
        assertThat(h.inFlight(Invalidate.class)).hasSize(2);
        h.deliver(Invalidate.class, "b");
        h.deliver(InvalidateAck.class, Harness.HOME);
        assertThat(h.inFlight(Forward.class)).isEmpty();
        assertThat(h.inFlight(Data.class)).isEmpty();
        h.deliver(Invalidate.class, "c");
        h.deliver(InvalidateAck.class, Harness.HOME);
        h.deliver(Forward.class, "a"); // only now does the owner hand over
        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.NONE);
        h.deliverAll();
        assertThat(h.node("d").state(PAGE)).isEqualTo(PageState.READ_WRITE);
        assertThat(h.manager.owner(PAGE)).contains("d");
        assertThat(h.manager.copyset(PAGE)).containsExactly("d");
        assertThat(h.read("d", PAGE)).isEqualTo(1);
    }

    @Test
    void when_readerUpgrades_then_ownershipOnlyWithoutData() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 9);
        h.read("b", PAGE);
        h.begin("b", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        h.deliver(Invalidate.class, "a");
        h.deliver(InvalidateAck.class, Harness.HOME);

        Data grant = (Data) h.deliver(Data.class, "b").message();
        assertThat(grant.kind()).isEqualTo(PageKind.OWNERSHIP_ONLY);
        assertThat(grant.grant()).isEqualTo(PageState.READ_WRITE);
        assertThat(grant.data()).isEmpty();
        h.deliverAll();
        assertThat(h.node("b").state(PAGE)).isEqualTo(PageState.READ_WRITE);
        assertThat(h.read("b", PAGE)).isEqualTo(9);
        assertThat(h.manager.owner(PAGE)).contains("b");
    }

    @Test
    void when_twoRequestsForOnePage_then_theSecondWaitsForTheConfirm_whileAnotherPageProceeds() {
        Harness h = new Harness("a", "b", "c");
        h.begin("a", PAGE, Access.WRITE);
        long second = h.begin("b", PAGE, Access.WRITE).requestId();
        h.begin("c", OTHER_PAGE, Access.WRITE);
        h.deliver(e -> e.message() instanceof Request r && r.requester().equals("a"));
        h.deliver(e -> e.message() instanceof Request r && r.requester().equals("b"));
        h.deliver(e -> e.message() instanceof Request r && r.requester().equals("c"));
        assertThat(h.manager.queued(PAGE)).isEqualTo(1);
        assertThat(h.inFlight).extracting(Envelope::to).containsExactlyInAnyOrder("a", "c");

        h.deliver(Data.class, "a");
        h.deliver(Data.class, "c");
        h.deliver(e -> e.message() instanceof Confirm c && c.node().equals("c"));
        assertThat(h.manager.owner(OTHER_PAGE)).contains("c"); // the other page finished meanwhile
        assertThat(h.inFlightTo("b")).isEmpty();
        h.deliver(e -> e.message() instanceof Confirm c && c.node().equals("a"));
        assertThat(h.inFlight(Forward.class)).containsExactly(
                new Forward(1, PAGE, "b", Access.WRITE, second));
        h.deliverAll();
        assertThat(h.manager.owner(PAGE)).contains("b");
    }

    @Test
    void when_requestIsRetransmitted_then_theOutstandingSendsRepeat_butNoSecondTransactionStarts() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 3);
        h.begin("b", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        h.drop(Forward.class, "a");
        h.now += h.config.retransmitAfter();
        h.inFlight.addAll(h.node("b").onTick(h.now));
        assertThat(h.inFlight(Request.class)).hasSize(1);

        h.deliver(Request.class, Harness.HOME);
        assertThat(h.inFlight(Forward.class)).hasSize(1);
        assertThat(h.manager.queued(PAGE)).isZero();
        h.deliver(Forward.class, "a");
        h.deliver(Data.class, "b");
        h.deliver(Confirm.class, Harness.HOME);
        assertThat(h.manager.isBusy(PAGE)).isFalse();
        assertThat(h.inFlight).isEmpty();
        assertThat(h.read("b", PAGE)).isEqualTo(3);
    }

    @Test
    void when_duplicateRequestArrivesAfterItWasServed_then_itIsIgnored() {
        Harness h = new Harness("a");
        h.begin("a", PAGE, Access.WRITE);
        Envelope request = h.inFlight.getFirst();
        h.deliverAll();
        h.dispatch(request);
        assertThat(h.inFlight).isEmpty();
        assertThat(h.manager.isBusy(PAGE)).isFalse();
    }

    @Test
    void when_duplicatePageDataArrivesForACompletedRequest_then_itIsNotInstalledButReconfirmed() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 1);
        h.begin("b", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        h.deliver(Forward.class, "a");
        Envelope data = h.deliver(Data.class, "b");
        h.deliverAll();
        h.write("b", PAGE, 2);

        h.dispatch(data); // the old content again
        assertThat(h.read("b", PAGE)).isEqualTo(2);
        assertThat(h.inFlight(Confirm.class)).hasSize(1);
        h.deliverAll();
        assertThat(h.manager.owner(PAGE)).contains("b");
    }

    @Test
    void when_forwardArrivesDuringAWrite_then_theDataWaitsForTheStoreAndCarriesIt() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 1);
        assertThat(h.begin("a", PAGE, Access.WRITE).outcome()).isEqualTo(AccessAttempt.Outcome.HIT);
        h.begin("b", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        h.deliver(Forward.class, "a");
        assertThat(h.inFlight).isEmpty(); // nothing sent while the store is in flight
        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.READ_WRITE);
        assertThat(h.begin("a", PAGE, Access.READ).outcome()).isEqualTo(AccessAttempt.Outcome.WAIT);

        h.node("a").writeLong(PAGE, 0, 77);
        h.end("a", PAGE);
        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.NONE);
        h.deliverAll();
        assertThat(h.read("b", PAGE)).isEqualTo(77);
    }

    @Test
    void when_invalidateArrivesDuringARead_then_theAckWaitsForTheReadToEnd() {
        Harness h = new Harness("a", "b", "c");
        h.write("a", PAGE, 1);
        h.read("b", PAGE);
        h.fetch("b", PAGE, Access.READ); // pinned
        h.begin("c", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        h.deliver(Invalidate.class, "b");
        assertThat(h.inFlight(InvalidateAck.class)).isEmpty();
        assertThat(h.node("b").isRevocationPending(PAGE)).isTrue();

        h.end("b", PAGE);
        assertThat(h.inFlight(InvalidateAck.class)).hasSize(1);
        assertThat(h.node("b").state(PAGE)).isEqualTo(PageState.NONE);
    }

    @Test
    void when_pageDataOfAWriteForwardIsLost_then_theOwnerResendsItFromTheHandoffCopy() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 5);
        h.begin("b", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        h.deliver(Forward.class, "a");
        h.drop(Data.class, "b"); // the only copy was in it
        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.NONE);

        h.tickAll();
        h.deliverAll();
        assertThat(h.read("b", PAGE)).isEqualTo(5);
        assertThat(h.manager.owner(PAGE)).contains("b");
    }

    @Test
    void when_confirmIsLost_then_theManagerRecoversItOnItsTick() {
        Harness h = new Harness("a");
        h.begin("a", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        h.deliver(Data.class, "a");
        h.drop(Confirm.class, Harness.HOME);
        assertThat(h.manager.isBusy(PAGE)).isTrue();

        h.tickAll(); // grant re-sent, the node confirms again
        h.deliverAll();
        assertThat(h.manager.isBusy(PAGE)).isFalse();
        assertThat(h.manager.owner(PAGE)).contains("a");
    }

    @Test
    void when_staleInvalidateArrivesAfterTheNodeReinstalledThePage_then_theCopyIsKept() {
        Harness h = new Harness("a", "b", "c");
        h.write("a", PAGE, 1);
        h.read("b", PAGE);
        h.begin("c", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        Envelope invalidate = h.deliver(Invalidate.class, "b");
        h.deliverAll();
        h.write("b", PAGE, 2); // b owns the page again

        h.dispatch(invalidate); // a duplicate of the old invalidation
        assertThat(h.inFlight).isEmpty();
        assertThat(h.node("b").state(PAGE)).isEqualTo(PageState.READ_WRITE);
        assertThat(h.read("b", PAGE)).isEqualTo(2);
    }

    @Test
    void when_nodeWithTheOnlyCopyIsLost_then_exactlyTheRequestsForItsPageFail() {
        Harness h = new Harness("a", "b", "c");
        h.write("a", PAGE, 1);
        h.write("c", OTHER_PAGE, 2);
        long lostPageRequest = h.begin("b", PAGE, Access.READ).requestId();
        long livePageRequest = h.begin("b", OTHER_PAGE, Access.READ).requestId();
        h.deliver(e -> e.message() instanceof Request r && r.page() == PAGE);
        h.deliver(e -> e.message() instanceof Request r && r.page() == OTHER_PAGE);
        h.drop(Forward.class, "a");
        h.nodes.remove("a"); // crashed: messages to it vanish

        h.inFlight.addAll(h.manager.onNodeLost("a", h.now));
        h.deliverAll();
        assertThat(h.completionOf(lostPageRequest).status()).isEqualTo(PageStatus.FAILED);
        assertThat(h.completionOf(livePageRequest).status()).isEqualTo(PageStatus.OK);
        assertThat(h.manager.isLost(PAGE)).isTrue();
        assertThat(h.manager.isLost(OTHER_PAGE)).isFalse();
        long later = h.begin("c", PAGE, Access.WRITE).requestId();
        h.deliverAll();
        assertThat(h.completionOf(later).status()).isEqualTo(PageStatus.FAILED);
    }

    @Test
    void when_readerIsLostDuringAnInvalidation_then_theWriteProceedsWithoutItsAck() {
        Harness h = new Harness("a", "b", "c");
        h.write("a", PAGE, 4);
        h.read("b", PAGE);
        long write = h.begin("c", PAGE, Access.WRITE).requestId();
        h.deliver(Request.class, Harness.HOME);
        h.drop(Invalidate.class, "b");
        h.nodes.remove("b");

        h.inFlight.addAll(h.manager.onNodeLost("b", h.now));
        h.deliverAll();
        assertThat(h.completionOf(write).status()).isEqualTo(PageStatus.OK);
        assertThat(h.manager.copyset(PAGE)).containsExactly("c");
        assertThat(h.read("c", PAGE)).isEqualTo(4);
    }

    @Test
    void when_ownerIsLostButAReadOnlyCopySurvives_then_aReadIsServedFromTheSurvivor() {
        Harness h = new Harness("a", "b", "c");
        h.write("a", PAGE, 6);
        h.read("b", PAGE);
        long read = h.begin("c", PAGE, Access.READ).requestId();
        h.deliver(Request.class, Harness.HOME);
        h.drop(Forward.class, "a");
        h.nodes.remove("a");

        h.inFlight.addAll(h.manager.onNodeLost("a", h.now));
        h.deliverAll();
        assertThat(h.completionOf(read).status()).isEqualTo(PageStatus.OK);
        assertThat(h.manager.isLost(PAGE)).isFalse();
        assertThat(h.read("c", PAGE)).isEqualTo(6);
        assertThat(h.manager.copyset(PAGE)).isEqualTo(Set.of("b", "c"));
    }

    @Test
    void when_requesterIsLostDuringAnInvalidation_then_itCompletesAndTheNextRequestIsServed() {
        Harness h = new Harness("a", "b", "c", "d");
        h.write("a", PAGE, 8);
        h.read("b", PAGE);
        h.begin("c", PAGE, Access.WRITE);
        h.deliver(Request.class, Harness.HOME);
        long next = h.begin("d", PAGE, Access.READ).requestId();
        h.deliver(Request.class, Harness.HOME);
        h.nodes.remove("c");

        h.inFlight.addAll(h.manager.onNodeLost("c", h.now));
        h.deliverAll();
        assertThat(h.node("b").state(PAGE)).isEqualTo(PageState.NONE); // the invalidation was finished
        assertThat(h.completionOf(next).status()).isEqualTo(PageStatus.OK);
        assertThat(h.read("d", PAGE)).isEqualTo(8);
    }

    @Test
    void when_homeIsLost_then_outstandingAndNewRequestsFailAtOnce() {
        Harness h = new Harness("a");
        long pending = h.begin("a", PAGE, Access.READ).requestId();
        h.node("a").onNodeLost(Harness.HOME);
        assertThat(h.completionOf(pending).status()).isEqualTo(PageStatus.FAILED);
        long later = h.begin("a", OTHER_PAGE, Access.READ).requestId();
        assertThat(h.completionOf(later).status()).isEqualTo(PageStatus.FAILED);
    }

    @Test
    void when_homeNeverAnswers_then_theRequestFailsAfterMaxAttempts() {
        Harness h = new Harness("a");
        long request = h.begin("a", PAGE, Access.READ).requestId();
        for (int i = 1; i < h.config.maxAttempts(); i++) {
            h.inFlight.clear();
            h.now += h.config.retransmitAfter();
            assertThat(h.node("a").onTick(h.now)).hasSize(1);
            assertThat(h.completionOf(request)).isNull();
        }
        h.now += h.config.retransmitAfter();
        assertThat(h.node("a").onTick(h.now)).isEmpty();
        assertThat(h.completionOf(request).status()).isEqualTo(PageStatus.FAILED);
    }

    @Test
    void when_accessIsOutsideEveryMapping_then_theRequestEndsWithSegv() {
        Harness h = new Harness((page, access, mapVersion) -> page != PAGE, "a");
        long request = h.begin("a", PAGE, Access.WRITE).requestId();
        h.deliverAll();
        assertThat(h.completionOf(request).status()).isEqualTo(PageStatus.SEGV);
        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.NONE);
        assertThat(h.manager.isBusy(PAGE)).isFalse();
    }

    // ---- frames given back (issue 13, finding 6) ------------------------------------------------

    @Test
    void when_aReadOnlyCopyIsInvalidated_then_itsFrameCanBeReleased_andAWriteBringsANewOne() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 42);
        h.read("b", PAGE);
        assertThat(h.node("b").release(PAGE)).isFalse(); // a valid copy keeps its frame

        h.write("a", PAGE, 43); // invalidates b
        assertThat(h.node("b").state(PAGE)).isEqualTo(PageState.NONE);
        assertThat(h.node("b").release(PAGE)).isTrue();
        assertThat(h.node("b").frame(PAGE)).isNull();
        assertThat(h.node("b").release(PAGE)).isFalse();

        assertThat(h.read("b", PAGE)).isEqualTo(43);
        assertThat(h.node("b").frame(PAGE)).isNotNull();
    }

    @Test
    void when_theOwnerHandedThePageOver_orARequestIsOut_then_itsFrameIsKept() {
        Harness h = new Harness("a", "b");
        h.write("a", PAGE, 1);
        h.write("b", PAGE, 2); // a forwards it: its frame is the handoff copy, re-sent if the forward repeats
        assertThat(h.node("a").state(PAGE)).isEqualTo(PageState.NONE);
        assertThat(h.node("a").release(PAGE)).isFalse();

        h.begin("a", PAGE, Access.READ); // a request out: a grant may still arrive
        assertThat(h.node("a").release(PAGE)).isFalse();
    }

    @Test
    void when_manyPagesWereTouched_then_theTickResendsOnlyTheOutstandingRequest() {
        Harness h = new Harness("a");
        for (long p = 100; p < 200; p++) {
            h.write("a", p, p);
        }
        long id = h.begin("a", PAGE, Access.READ).requestId();

        List<Envelope> resent = h.node("a").onTick(Long.MAX_VALUE / 2);
        assertThat(resent).singleElement().satisfies(e -> assertThat(e.message()).isInstanceOf(Request.class)
                .extracting(m -> ((Request) m).requestId()).isEqualTo(id));
        assertThat(h.manager.onTick(Long.MAX_VALUE / 2)).isEmpty(); // no open transaction: the request is undelivered
    }
}

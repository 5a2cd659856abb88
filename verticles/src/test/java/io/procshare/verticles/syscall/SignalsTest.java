package io.procshare.verticles.syscall;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.procshare.verticles.syscall.Signals.bit;
import static org.assertj.core.api.Assertions.assertThat;

/** The signal state machine without a process: actions, masks, pending signals, alternate stacks. */
class SignalsTest {

    private final Signals s = new Signals();

    private static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    @Test
    void when_aTerminatingSignalIsNotBlocked_then_itTerminates_andAnIgnoredOneIsDiscarded() {
        assertThat(s.send(1, 6, false)).isEqualTo(Signals.Outcome.TERMINATE);
        assertThat(s.send(1, 17, false)).as("SIGCHLD is ignored by default").isEqualTo(Signals.Outcome.IGNORED);
        s.rtSigaction(10, longs(Signals.SIG_IGN, 0, 0), 8);
        assertThat(s.send(1, 10, true)).isEqualTo(Signals.Outcome.IGNORED);
        assertThat(s.send(1, 9, false)).as("SIGKILL always terminates").isEqualTo(Signals.Outcome.TERMINATE);
    }

    @Test
    void when_aBlockedSignalIsSent_then_itIsPendingUntilUnblocked_andOnlyForItsThread() {
        s.rtSigprocmask(1, Signals.SIG_BLOCK, longs(bit(6)), 8);
        assertThat(s.send(1, 6, false)).isEqualTo(Signals.Outcome.PENDING);
        assertThat(s.takeDeliverable(1)).isZero();
        assertThat(s.takeDeliverable(2)).as("thread-directed: not another thread's").isZero();
        s.rtSigprocmask(1, Signals.SIG_UNBLOCK, longs(bit(6)), 8);
        assertThat(s.takeDeliverable(1)).isEqualTo(6);
        assertThat(s.takeDeliverable(1)).isZero();
    }

    @Test
    void when_aProcessWideSignalIsBlockedByTheSender_then_anyThreadThatDoesNotBlockItTakesIt() {
        s.rtSigprocmask(1, Signals.SIG_SETMASK, longs(-1L), 8);
        assertThat(s.send(1, 15, true)).isEqualTo(Signals.Outcome.PENDING);
        assertThat(s.takeDeliverable(2)).isEqualTo(15);
    }

    @Test
    void when_aPendingSignalBecomesIgnored_then_itIsDiscarded() {
        s.rtSigprocmask(1, Signals.SIG_BLOCK, longs(bit(10)), 8);
        s.send(1, 10, false);
        s.rtSigaction(10, longs(Signals.SIG_IGN, 0, 0), 8);
        s.rtSigprocmask(1, Signals.SIG_SETMASK, longs(0), 8);
        assertThat(s.takeDeliverable(1)).isZero();
    }

    @Test
    void when_aThreadIsCloned_then_itInheritsTheMask_andItsOwnChangesStayItsOwn() {
        s.rtSigprocmask(1, Signals.SIG_BLOCK, longs(bit(2)), 8);
        s.threadCreated(1, 2);
        assertThat(s.blocked(2)).isEqualTo(bit(2));
        s.rtSigprocmask(2, Signals.SIG_SETMASK, longs(0), 8);
        assertThat(s.blocked(1)).isEqualTo(bit(2));
    }

    @Test
    void when_sigactionArgumentsAreBad_then_einval() {
        assertThat(s.rtSigaction(9, longs(0, 0, 0), 8).value()).isEqualTo(-Errno.EINVAL);
        assertThat(s.rtSigaction(19, longs(0, 0, 0), 8).value()).isEqualTo(-Errno.EINVAL);
        assertThat(s.rtSigaction(65, null, 8).value()).isEqualTo(-Errno.EINVAL);
        assertThat(s.rtSigaction(1, null, 16).value()).isEqualTo(-Errno.EINVAL);
        assertThat(s.rtSigprocmask(1, 3, longs(0), 8).value()).isEqualTo(-Errno.EINVAL);
        assertThat(s.rtSigprocmask(1, 3, null, 8).value()).as("how is not looked at without a set").isZero();
    }

    @Test
    void when_anAlternateStackIsSetAndDisabled_then_theOldOneComesBack() {
        assertThat(s.sigaltstack(1, longs(0x9000, 0, 4096)).output()).isEqualTo(longs(0, Signals.SS_DISABLE, 0));
        assertThat(s.sigaltstack(1, longs(0, Signals.SS_DISABLE, 0)).output()).isEqualTo(longs(0x9000, 0, 4096));
        assertThat(s.sigaltstack(1, longs(0x9000, 0, 1024)).value()).isEqualTo(-Errno.ENOMEM);
    }

    @Test
    void when_namesAreAsked_then_theyAreTheKernels() {
        assertThat(Signals.name(6)).isEqualTo("SIGABRT");
        assertThat(Signals.name(31)).isEqualTo("SIGSYS");
        assertThat(Signals.name(36)).isEqualTo("SIGRTMIN+2");
    }
}

package io.procshare.node.guest;

import io.procshare.node.NodeConfig;
import io.procshare.node.syscall.ThreeNodes;
import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.exec.ThreadExitException;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.Sysno;
import io.procshare.verticles.syscall.host.GuestAbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.procshare.node.syscall.ThreeNodes.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 7 item 4 on a cluster: the per-process limits of conf/node.json (the shared fixture runs
 * with the defaults, {@link NodeConfig.Limits#DEFAULTS}) answer a guest on the home and a guest on
 * another node with the errno a Linux program expects. The thread and pending-syscall limits, which
 * need hundreds of threads at the defaults, are covered by ProcessControlTest.
 */
@ExtendWith(ThreeNodes.Extension.class)
class LimitsTest {

    private static final int PROT_RW = 3;
    private static final int MAP_PRIVATE_ANON = 0x02 | 0x20;
    private static final long PAGE = 4096;
    private static final long MAX_PAGES = NodeConfig.Limits.DEFAULTS.mappedPagesPerProcess();
    private static final int MAX_FDS = NodeConfig.Limits.DEFAULTS.openFilesPerProcess();

    private final ThreeNodes nodes;

    LimitsTest(ThreeNodes nodes) {
        this.nodes = nodes;
    }

    private static long mmap(GuestThread t, long pages) {
        return t.syscall(Sysno.MMAP, 0, pages * PAGE, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
    }

    private static void exitGroup(GuestThread t) {
        assertThatThrownBy(() -> t.syscall(Sysno.EXIT_GROUP, 0)).isInstanceOf(ThreadExitException.class);
    }

    @Test
    void when_aProcessWouldMapMoreThanMappedPagesPerProcess_then_mmapIsENOMEM_andBrkKeepsTheBreak_onEveryNode() {
        GuestThread main = nodes.startProcess();
        GuestThread far = nodes.threadOn(1, main);
        long half = MAX_PAGES / 2;

        assertThat(mmap(far, MAX_PAGES + 1)).isEqualTo(-Errno.ENOMEM);
        long a = mmap(far, half);
        assertThat(a).isPositive();
        assertThat(mmap(main, half + 1)).isEqualTo(-Errno.ENOMEM);
        assertThat(mmap(far, half + 1)).isEqualTo(-Errno.ENOMEM);

        long brk = far.syscall(Sysno.BRK, 0);
        assertThat(far.syscall(Sysno.BRK, brk + (half + 1) * PAGE)).as("brk past the limit").isEqualTo(brk);
        assertThat(main.syscall(Sysno.BRK, brk + PAGE)).isEqualTo(brk + PAGE);

        assertThat(far.syscall(Sysno.MUNMAP, a, half * PAGE)).isZero();
        assertThat(mmap(main, half + 1)).as("unmapped pages count no more").isPositive();
        exitGroup(main);
    }

    @Test
    void when_aProcessHasOpenFilesPerProcessFds_then_openAndDupAreEMFILE_onEveryNode() {
        GuestThread main = nodes.startProcess();
        GuestThread far = nodes.threadOn(2, main);
        long m = ThreeNodes.scratch(main);
        long dir = main.syscall(Sysno.OPENAT, GuestAbi.AT_FDCWD, string(main, m, "/"), GuestAbi.O_DIRECTORY, 0);
        assertThat(dir).isEqualTo(3);

        for (int fd = 4; fd < MAX_FDS; fd++) {
            assertThat(main.syscall(Sysno.DUP, dir)).isEqualTo(fd);
        }
        assertThat(main.syscall(Sysno.DUP, dir)).isEqualTo(-Errno.EMFILE);
        assertThat(far.syscall(Sysno.DUP, dir)).isEqualTo(-Errno.EMFILE);
        long f = ThreeNodes.scratch(far);
        assertThat(far.syscall(Sysno.OPENAT, GuestAbi.AT_FDCWD, string(far, f, "/"), GuestAbi.O_DIRECTORY, 0))
                .isEqualTo(-Errno.EMFILE);

        assertThat(far.syscall(Sysno.CLOSE, 100)).isZero();
        assertThat(far.syscall(Sysno.DUP, dir)).isEqualTo(100);
        exitGroup(main);
    }
}

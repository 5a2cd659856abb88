package io.procshare.node.guest;

import io.procshare.codecs.ThreadStart;
import io.procshare.verticles.exec.GuestLauncher;
import io.procshare.verticles.exec.GuestThread;

/**
 * The node's guest front-ends behind the one launcher the syscall unit calls: a thread start with
 * a CPU context is a riscv64 thread (its parent's registers), one without is a Java task thread.
 */
public final class GuestLaunchers implements GuestLauncher {

    private final GuestLauncher javaTasks;
    private final GuestLauncher riscv;

    public GuestLaunchers(GuestLauncher javaTasks, GuestLauncher riscv) {
        this.javaTasks = javaTasks;
        this.riscv = riscv;
    }

    @Override
    public void launch(ThreadStart start, GuestThread thread) {
        (start.context().length() > 0 ? riscv : javaTasks).launch(start, thread);
    }
}

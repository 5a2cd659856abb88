package io.procshare.node.guest.riscv.engine;

/**
 * An LR, SC or AMO on an address not aligned to its width (SIGBUS, exit status 135, as Linux and
 * qemu-riscv64 report it).
 */
public final class MisalignedAtomicException extends GuestTrapException {

    public MisalignedAtomicException(long pc, long address) {
        super(pc, String.format("misaligned atomic access to 0x%x at pc 0x%x", address, pc));
    }

    @Override
    public int signal() {
        return 7;
    }
}

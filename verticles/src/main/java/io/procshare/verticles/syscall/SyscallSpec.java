package io.procshare.verticles.syscall;

import java.util.List;

/**
 * One row of the {@link SyscallTable}.
 *
 * @param number             the Linux generic (riscv64) number
 * @param name               the kernel's name, without {@code sys_}
 * @param route              where it runs
 * @param buffers            its pointer arguments, inputs and outputs, in argument order
 * @param operationDependent true when the meaning of the arguments depends on another argument
 *                           (futex's op, clone's flags): {@link #buffers()} is then empty and the
 *                           handler of that call reads guest memory itself
 */
public record SyscallSpec(int number, String name, Route route, List<BufferArg> buffers, boolean operationDependent) {

    public SyscallSpec {
        buffers = List.copyOf(buffers);
    }

    /** The input buffers in argument order: what a forwarded request ships. */
    public List<BufferArg> inputs() {
        return buffers.stream().filter(b -> b.direction() == BufferArg.Direction.IN).toList();
    }

    /** The output buffers in argument order: what a reply ships back. */
    public List<BufferArg> outputs() {
        return buffers.stream().filter(b -> b.direction() == BufferArg.Direction.OUT).toList();
    }
}

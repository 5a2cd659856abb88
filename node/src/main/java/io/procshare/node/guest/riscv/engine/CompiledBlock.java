package io.procshare.node.guest.riscv.engine;

import io.procshare.node.guest.riscv.Hart;
import io.procshare.node.guest.riscv.HartMemory;

/**
 * A block compiled to JVM bytecode by {@link BlockCompiler}: same contract as the interpreter's
 * block method (returns the next pc, counts what it retires, leaves the hart's pc at a faulting
 * instruction).
 */
interface CompiledBlock {

    long run(long[] x, long[] f, HartMemory m, Hart h, Block b, Fpu fpu);
}

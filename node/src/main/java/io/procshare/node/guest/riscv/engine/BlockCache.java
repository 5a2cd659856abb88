package io.procshare.node.guest.riscv.engine;

import java.util.concurrent.ConcurrentHashMap;

import io.procshare.node.guest.riscv.HartMemory;

/**
 * Decoded blocks by start pc, shared by every hart of one process on one node (DESIGN §7, engine):
 * the threads of a process run the same code, so each block is decoded once per node, not once per
 * thread. The hit path takes no lock: each hart keeps a small direct-mapped array of recent blocks
 * in front of it, blocks link to their successors, and a miss is a ConcurrentHashMap read. Two
 * harts that miss together may both decode a block; one result wins, both are equal.
 *
 * <p>{@link #flush()} (FENCE.I, or the riscv_flush_icache system call, 259) drops every block and
 * bumps the epoch, so links and per-hart entries made before it are no longer followed.
 */
public final class BlockCache {

    private final ConcurrentHashMap<Long, Block> blocks = new ConcurrentHashMap<>();
    private volatile int epoch;

    /** Forgets every decoded block: code memory may have changed. */
    public void flush() {
        epoch++;
        blocks.clear();
    }

    int epoch() {
        return epoch;
    }

    /** Blocks held now. */
    public int size() {
        return blocks.size();
    }

    Block get(long pc, HartMemory m) {
        int e = epoch;
        Block b = blocks.get(pc);
        if (b != null && b.epoch == e) {
            return b;
        }
        b = BlockBuilder.build(m, pc, e);
        blocks.put(pc, b);
        return b;
    }
}

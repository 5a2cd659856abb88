package io.procshare.node.litmus;

/**
 * The accesses a litmus test makes: sequentially consistent (atomic/volatile) 8-byte loads,
 * stores and fetch-adds on word addresses. Bound to a process's shared memory on one node when
 * the suite runs on a cluster, to a plain in-JVM memory when the harness itself is tested.
 */
public interface LitmusMemory {

    long load(long address);

    void store(long address, long value);

    long fetchAdd(long address, long delta);
}

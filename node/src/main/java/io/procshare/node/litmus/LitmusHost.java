package io.procshare.node.litmus;

/**
 * What the litmus service needs from the node it runs on: a process whose home is this node with a
 * region of shared memory, and that process's memory as seen from any node.
 */
public interface LitmusHost {

    /** A process made for one litmus run, and the start of its mapped read-write region. */
    record Region(long pid, String homeNodeId, long base, long length) {
    }

    /** Creates a process homed on this node and maps {@code length} bytes of anonymous read-write memory. */
    Region create(long length);

    /** The process's memory through this node. */
    LitmusMemory open(long pid, String homeNodeId);

    /** Ends the process: its pages and mappings are released on every node. */
    void release(long pid);
}

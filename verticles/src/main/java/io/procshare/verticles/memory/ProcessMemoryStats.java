package io.procshare.verticles.memory;

/**
 * What one process holds on one node, as {@code procshare status} lists it: a snapshot taken on
 * the node's {@link PageFaultVerticle} context ({@link MemoryService#processStats()}).
 *
 * @param pid       process id
 * @param faults    faults of the process on this node that needed the coherence protocol (a page
 *                  request sent to the manager: read, write and upgrade misses), since the process
 *                  was opened here; faults that a resident page or a request already in flight
 *                  answered are not counted (the same rule as the node's {@code memory.faults})
 * @param readOnly  pages of the process this node holds READ_ONLY now
 * @param readWrite pages of the process this node holds READ_WRITE now
 */
public record ProcessMemoryStats(long pid, long faults, int readOnly, int readWrite) {
}

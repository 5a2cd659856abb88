package io.procshare.verticles.exec;

/**
 * One row of a home's thread table, as {@code procshare status} lists it.
 *
 * @param pid    process id
 * @param gtid   cluster-wide thread number, allocated by the home
 * @param parent gtid of the thread that created it, 0 for the main thread
 * @param node   node id the thread runs on
 * @param state  its state
 */
public record ThreadInfo(long pid, long gtid, long parent, String node, ThreadState state) {
}

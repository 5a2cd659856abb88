package io.procshare.verticles.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The thread management table of one process at its home (the paper's スレッド管理表, DESIGN §6):
 * it allocates every thread's gtid, a number valid on every node and distinct from node-local ids,
 * and records the node the thread runs on and its state. A (pid, gtid) pair names one thread in
 * the cluster; gtids count from 1 in each process. Sans-IO; thread-safe (executors and the
 * dispatch verticle update it).
 */
public final class ThreadTable {

    private final long pid;
    private final TreeMap<Long, ThreadInfo> rows = new TreeMap<>();
    private long nextGtid = 1;

    public ThreadTable(long pid) {
        this.pid = pid;
    }

    /** A new thread on {@code node}, created by {@code parent} (0 for the main thread); returns its gtid. */
    public synchronized long allocate(String node, long parent) {
        long gtid = nextGtid++;
        rows.put(gtid, new ThreadInfo(pid, gtid, parent, node, ThreadState.RUNNING));
        return gtid;
    }

    /** The row of {@code gtid}, or null if the home never allocated it. */
    public synchronized ThreadInfo get(long gtid) {
        return rows.get(gtid);
    }

    /** Moves a thread to {@code state}; an exited thread stays exited. */
    public synchronized void setState(long gtid, ThreadState state) {
        ThreadInfo t = rows.get(gtid);
        if (t != null && t.state() != ThreadState.EXITED) {
            rows.put(gtid, new ThreadInfo(pid, gtid, t.parent(), t.node(), state));
        }
    }

    /** Marks every thread exited (exit_group). */
    public synchronized void exitAll() {
        rows.replaceAll((g, t) -> new ThreadInfo(pid, g, t.parent(), t.node(), ThreadState.EXITED));
    }

    /** Threads not yet exited. */
    public synchronized int live() {
        return (int) rows.values().stream().filter(t -> t.state() != ThreadState.EXITED).count();
    }

    /** Every row by gtid, exited ones included. */
    public synchronized List<ThreadInfo> snapshot() {
        return new ArrayList<>(rows.values());
    }
}

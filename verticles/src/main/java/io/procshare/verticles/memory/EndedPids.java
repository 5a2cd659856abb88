package io.procshare.verticles.memory;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The most recent ended pids of a verticle, so that messages still in flight for them are dropped
 * quietly instead of warned about. Bounded; event-loop confined.
 */
final class EndedPids {

    private static final int KEEP = 1024;
    private final Set<Long> pids = new LinkedHashSet<>();

    void add(long pid) {
        pids.add(pid);
        if (pids.size() > KEEP) {
            pids.remove(pids.iterator().next());
        }
    }

    boolean contains(long pid) {
        return pids.contains(pid);
    }
}

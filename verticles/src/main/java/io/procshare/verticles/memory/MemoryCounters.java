package io.procshare.verticles.memory;

import io.procshare.codecs.PageState;
import io.procshare.verticles.NodeCounters;

/** Names of the memory unit's entries in {@link NodeCounters} (shown by {@code procshare status}). */
public final class MemoryCounters {

    /** Page requests this node sent (read, write and upgrade faults). */
    public static final String FAULTS = "memory.faults";
    /** Invalidations this node received. */
    public static final String INVALIDATIONS = "memory.invalidations";
    /** Forwards ("send your copy to R") this node received as an owner. */
    public static final String FORWARDS = "memory.forwards";
    /** Shootdowns (munmap, rights-removing mprotect) applied on this node. */
    public static final String SHOOTDOWNS = "memory.shootdowns";
    /** Segmentation faults raised to guests on this node. */
    public static final String SEGV = "memory.segv";
    /** Latency of a guest's fault, from its first miss to the page resident (timer with histogram). */
    public static final String FAULT_LATENCY = "memory.fault.latency";
    /** Gauges: pages this node holds READ_ONLY / READ_WRITE, over every process. */
    public static final String PAGES_READ_ONLY = "memory.pages.readOnly";
    public static final String PAGES_READ_WRITE = "memory.pages.readWrite";

    private MemoryCounters() {
    }

    /** Registers every name at 0, so status lists them before the first fault. */
    public static void register(NodeCounters counters) {
        counters.gauge(PAGES_READ_ONLY);
        counters.gauge(PAGES_READ_WRITE);
        for (String name : new String[] {FAULTS, INVALIDATIONS, FORWARDS, SHOOTDOWNS, SEGV, PAGES_READ_ONLY,
                PAGES_READ_WRITE}) {
            counters.add(name, 0);
        }
    }

    static void countState(NodeCounters counters, byte state, int delta) {
        if (state == PageState.READ_ONLY) {
            counters.add(PAGES_READ_ONLY, delta);
        } else if (state == PageState.READ_WRITE) {
            counters.add(PAGES_READ_WRITE, delta);
        }
    }
}

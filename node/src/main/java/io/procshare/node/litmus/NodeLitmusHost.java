package io.procshare.node.litmus;

import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.MemoryService;
import io.procshare.verticles.memory.space.Prot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** {@link LitmusHost} over a node's memory control unit: litmus threads use the real DSM path. */
public final class NodeLitmusHost implements LitmusHost {

    private final MemoryService memory;
    private final String nodeId;
    private final LongSupplier pids;
    private final Map<Long, Map.Entry<Region, GuestMemory>> regions = new ConcurrentHashMap<>();

    public NodeLitmusHost(MemoryService memory, String nodeId, LongSupplier pids) {
        this.memory = memory;
        this.nodeId = nodeId;
        this.pids = pids;
    }

    @Override
    public Region create(long length) {
        long pid = pids.getAsLong();
        GuestMemory home = memory.create(pid);
        long base = home.mmap(0, length, Prot.RW, false);
        Region region = new Region(pid, nodeId, base, length);
        regions.put(pid, Map.entry(region, home));
        return region;
    }

    @Override
    public LitmusMemory open(long pid, String homeNodeId) {
        GuestMemory m = memory.open(pid, homeNodeId);
        return new LitmusMemory() {
            @Override
            public long load(long address) {
                return m.readLongVolatile(address);
            }

            @Override
            public void store(long address, long value) {
                m.writeLongVolatile(address, value);
            }

            @Override
            public long fetchAdd(long address, long delta) {
                return m.fetchAddLong(address, delta);
            }
        };
    }

    /** Unmaps the region: its pages are discarded on every node (the process itself has no exit yet). */
    @Override
    public void release(long pid) {
        var r = regions.remove(pid);
        if (r != null) {
            r.getValue().munmap(r.getKey().base(), r.getKey().length());
        }
    }
}

package io.procshare.loadgen.jmh;

import io.procshare.codecs.ProcshareCodecs;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.GuestMemory;
import io.procshare.verticles.memory.MemoryConfig;
import io.procshare.verticles.memory.MemoryService;
import io.procshare.verticles.memory.NodeMembership;
import io.procshare.verticles.memory.space.Prot;
import io.vertx.core.Vertx;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The guest hot path (DESIGN §5): 8-byte reads, writes, CAS and fetch-add on a resident READ_WRITE
 * page through {@link GuestMemory}, against a plain little-endian VarHandle access to a byte[] (the
 * floor). One node on a local Vert.x; the page is faulted in once in setup, so every measured access
 * is a hit. The address walks the 512 words of the page.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ResidentAccessBenchmark {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Vertx vertx;
    private GuestMemory memory;
    private long base;
    private final byte[] plain = new byte[4096];
    private int word;

    @Setup(Level.Trial)
    public void setUp() {
        vertx = Vertx.vertx();
        ProcshareCodecs.registerAll(vertx.eventBus());
        MemoryService service = new MemoryService("bench", new NodeCounters(), MemoryConfig.defaults(),
                NodeMembership.NONE);
        service.deploy(vertx).await();
        memory = service.create(1);
        base = memory.mmap(0, 4096, Prot.RW, false);
        memory.writeLong(base, 1); // fault the page in READ_WRITE
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        vertx.close().await();
    }

    private int nextOffset() {
        word = (word + 1) & 511;
        return word << 3;
    }

    @Benchmark
    public long plainVarHandleRead() {
        return (long) LONG.get(plain, nextOffset());
    }

    @Benchmark
    public void plainVarHandleWrite() {
        LONG.set(plain, nextOffset(), 42L);
    }

    @Benchmark
    public long guestRead() {
        return memory.readLong(base + nextOffset());
    }

    @Benchmark
    public void guestWrite() {
        memory.writeLong(base + nextOffset(), 42L);
    }

    @Benchmark
    public boolean guestCas() {
        long a = base + nextOffset();
        return memory.compareAndSwapLong(a, 0L, 0L);
    }

    @Benchmark
    public long guestFetchAdd() {
        return memory.fetchAddLong(base + nextOffset(), 1L);
    }
}

package io.procshare.verticles.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procshare.codecs.ProcshareCodecs;
import io.procshare.codecs.ThreadCreated;
import io.procshare.codecs.ThreadStart;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.memory.MemoryConfig;
import io.procshare.verticles.memory.MemoryService;
import io.procshare.verticles.memory.NodeMembership;
import io.procshare.verticles.syscall.ClientStreams;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thread creation over a bus that loses replies (issue 13, finding 3): the home node "h" and a node
 * "o" on one local Vert.x. A lost reply must never leave a second thread (attach) nor a thread that
 * runs while its clone reported EAGAIN (start).
 */
class ThreadCreationTest {

    private static final long THREAD_CLONE = ProcessControl.CLONE_VM | ProcessControl.CLONE_FS | ProcessControl.CLONE_FILES
            | ProcessControl.CLONE_SIGHAND | ProcessControl.CLONE_THREAD | ProcessControl.CLONE_SYSVSEM;

    @TempDir
    Path tmp;
    private Vertx vertx;
    private SyscallService home;
    private SyscallService other;
    private final List<ThreadStart> launched = new CopyOnWriteArrayList<>();
    /** Replies the bus loses while this says so (and how many it lost). */
    private volatile Predicate<Object> lose = b -> false;
    private final AtomicInteger lost = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        ProcshareCodecs.registerAll(vertx.eventBus());
        vertx.eventBus().addOutboundInterceptor(ctx -> {
            boolean reply = ctx.message().address().startsWith("__vertx.reply");
            if (reply && lose.test(ctx.message())) {
                lost.incrementAndGet();
                return;
            }
            ctx.next();
        });
        // a re-send every 200 ms, a give-up after 1 s
        SyscallConfig config = new SyscallConfig(tmp, true, 200, 2_000, 1_000);
        MemoryConfig memory = MemoryConfig.defaults();
        List<ClusterNode> nodes = List.of(new ClusterNode("h", "h"), new ClusterNode("o", "o"));
        home = service("h", config, memory, nodes);
        other = service("o", config, memory, nodes);
        other.setLauncher((start, thread) -> launched.add(start));
    }

    private SyscallService service(String id, SyscallConfig config, MemoryConfig memoryConfig, List<ClusterNode> nodes)
            throws Exception {
        MemoryService memory = new MemoryService(id, new NodeCounters(), memoryConfig, NodeMembership.NONE);
        memory.deploy(vertx).await(10, TimeUnit.SECONDS);
        SyscallService s = new SyscallService(id, new NodeCounters(), config, memory);
        s.deploy(vertx).await(10, TimeUnit.SECONDS);
        s.setClusterNodes(() -> nodes);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private static Predicate<Object> first(Predicate<Object> which) {
        AtomicInteger left = new AtomicInteger(1);
        return m -> which.test(m) && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private static boolean startAck(Object message) {
        var m = (io.vertx.core.eventbus.Message<?>) message;
        return m.body() instanceof ThreadStart && !m.headers().contains(SyscallService.STARTED_HEADER);
    }

    private static boolean createdReply(Object message) {
        return ((io.vertx.core.eventbus.Message<?>) message).body() instanceof ThreadCreated c && c.gtid() != 0;
    }

    private ProcessControl process(long pid, String placement) {
        home.startProcess(pid, ClientStreams.detached(), "task", Placement.parse(placement));
        return home.process(pid);
    }

    @Test
    void when_theAckOfAThreadStartIsLost_then_theHomeSendsItAgain_andTheThreadStartsOnce() {
        ProcessControl p = process(1, "o");
        lose = first(ThreadCreationTest::startAck);

        long child = p.clone(1, THREAD_CLONE, 0, 0, 0, 0);

        assertThat(child).isEqualTo(2);
        assertThat(lost).hasValue(1);
        assertThat(launched).extracting(ThreadStart::gtid).containsExactly(2L);
        assertThat(p.threads().get(2).state()).isNotEqualTo(ThreadState.EXITED);
    }

    @Test
    void when_noAckOfAThreadStartArrives_then_theCancelFindsItRunning_andCloneReturnsTheChild() {
        ProcessControl p = process(2, "o");
        lose = ThreadCreationTest::startAck;

        long child = p.clone(1, THREAD_CLONE, 0, 0, 0, 0);

        assertThat(child).isEqualTo(2); // not EAGAIN: the child runs
        assertThat(lost.get()).isGreaterThan(1);
        assertThat(launched).extracting(ThreadStart::gtid).containsExactly(2L);
        assertThat(p.threads().live()).isEqualTo(2);
    }

    @Test
    void when_theReplyToAThreadCreationIsLost_then_theReSendGetsTheSameGtid() {
        ProcessControl p = process(3, "pack");
        lose = first(ThreadCreationTest::createdReply);

        GuestThread t = other.attachThread(3, "h", 1);

        assertThat(t.gtid()).isEqualTo(2);
        assertThat(lost).hasValue(1);
        assertThat(p.threads().snapshot()).extracting(ThreadInfo::gtid).containsExactly(1L, 2L);
    }

    @Test
    void when_noReplyToAThreadCreationArrives_then_theAttachFails_andTheThreadMadeForItNeverKeepsTheProcessAlive() {
        ProcessControl p = process(4, "pack");
        lose = ThreadCreationTest::createdReply;

        assertThatThrownBy(() -> other.attachThread(4, "h", 1)).isInstanceOf(SyscallUnavailableException.class);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> p.threads().live() == 1);
        assertThat(p.threads().snapshot()).hasSize(2); // made once, whatever the re-sends, then cancelled
        p.exit(1, 0);
        assertThat(p.exited()).isTrue();
    }
}

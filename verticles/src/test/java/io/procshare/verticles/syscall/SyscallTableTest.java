package io.procshare.verticles.syscall;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SyscallTableTest {

    private final SyscallTable table = SyscallTable.linuxGeneric();

    /** Numbers copied from include/uapi/asm-generic/unistd.h (Linux 6.x), the riscv64 table. */
    private static final Map<Integer, String> KERNEL = new TreeMap<>(Map.ofEntries(
            Map.entry(17, "getcwd"), Map.entry(23, "dup"), Map.entry(24, "dup3"), Map.entry(25, "fcntl"),
            Map.entry(32, "flock"), Map.entry(34, "mkdirat"), Map.entry(35, "unlinkat"), Map.entry(36, "symlinkat"),
            Map.entry(46, "ftruncate"), Map.entry(49, "chdir"), Map.entry(56, "openat"), Map.entry(57, "close"),
            Map.entry(59, "pipe2"), Map.entry(61, "getdents64"), Map.entry(62, "lseek"), Map.entry(63, "read"),
            Map.entry(64, "write"), Map.entry(65, "readv"), Map.entry(66, "writev"), Map.entry(67, "pread64"),
            Map.entry(68, "pwrite64"), Map.entry(78, "readlinkat"), Map.entry(79, "newfstatat"), Map.entry(80, "fstat"),
            Map.entry(82, "fsync"), Map.entry(93, "exit"), Map.entry(94, "exit_group"), Map.entry(96, "set_tid_address"),
            Map.entry(98, "futex"), Map.entry(101, "nanosleep"), Map.entry(113, "clock_gettime"),
            Map.entry(124, "sched_yield"), Map.entry(172, "getpid"), Map.entry(178, "gettid"), Map.entry(214, "brk"),
            Map.entry(215, "munmap"), Map.entry(220, "clone"), Map.entry(222, "mmap"), Map.entry(226, "mprotect"),
            Map.entry(233, "madvise"), Map.entry(276, "renameat2"),
            Map.entry(99, "set_robust_list"), Map.entry(261, "prlimit64"), Map.entry(129, "kill"), Map.entry(130, "tkill"),
            Map.entry(131, "tgkill"), Map.entry(132, "sigaltstack"), Map.entry(134, "rt_sigaction"),
            Map.entry(135, "rt_sigprocmask"), Map.entry(216, "mremap"), Map.entry(278, "getrandom"),
            Map.entry(19, "eventfd2"), Map.entry(29, "ioctl"), Map.entry(43, "statfs"), Map.entry(44, "fstatfs"),
            Map.entry(48, "faccessat"), Map.entry(50, "fchdir"), Map.entry(52, "fchmod"), Map.entry(53, "fchmodat"),
            Map.entry(72, "pselect6"), Map.entry(73, "ppoll"), Map.entry(83, "fdatasync"), Map.entry(88, "utimensat"), Map.entry(114, "clock_getres"), Map.entry(115, "clock_nanosleep"),
            Map.entry(122, "sched_setaffinity"), Map.entry(123, "sched_getaffinity"), Map.entry(153, "times"),
            Map.entry(160, "uname"), Map.entry(165, "getrusage"), Map.entry(166, "umask"), Map.entry(167, "prctl"),
            Map.entry(168, "getcpu"), Map.entry(169, "gettimeofday"), Map.entry(173, "getppid"), Map.entry(174, "getuid"),
            Map.entry(175, "geteuid"), Map.entry(176, "getgid"), Map.entry(177, "getegid"), Map.entry(179, "sysinfo"),
            Map.entry(291, "statx"), Map.entry(439, "faccessat2")));

    @Test
    void when_tableIsBuilt_then_everyNumberAndNameMatchTheGenericKernelTable() {
        Map<Integer, String> ours = new TreeMap<>();
        table.all().forEach(s -> ours.put(s.number(), s.name()));
        assertThat(ours).isEqualTo(KERNEL);
    }

    @Test
    void when_numberIsUnknown_then_lookupIsNullAndTheAnswerIsEnosys() {
        // renameat (38) exists on arm64 (__ARCH_WANT_RENAMEAT) but not on riscv64; linkat (37) stays out (sandbox);
        // execve (221), wait4 (260), rseq (293) and clone3 (435) are ENOSYS until a later issue
        for (long nr : new long[] {38, 37, 221, 260, 293, 435, 0, 999, 1 << 20, -1, Long.MAX_VALUE, Long.MIN_VALUE, 2 * 276}) {
            assertThat(table.lookup(nr)).as("nr %d", nr).isNull();
            assertThat(table.isKnown(nr)).isFalse();
        }
        assertThat(SyscallTable.ENOSYS_RESULT).isEqualTo(-38);
    }

    @Test
    void when_syscallNeedsNoProcessState_then_itIsLocal() {
        assertThat(table.all().stream().filter(s -> s.route() == Route.LOCAL).map(SyscallSpec::name))
                .containsExactlyInAnyOrder("nanosleep", "clock_gettime", "sched_yield", "getpid", "gettid", "getrandom",
                        "clock_getres", "clock_nanosleep", "gettimeofday", "times", "getrusage", "getcpu", "getuid", "geteuid", "getgid", "getegid");
    }

    @Test
    void when_syscallTakesPaths_then_theirArgumentsAreMarked() {
        assertPaths("openat", 1);
        assertPaths("mkdirat", 1);
        assertPaths("unlinkat", 1);
        assertPaths("symlinkat", 0, 2);
        assertPaths("readlinkat", 1);
        assertPaths("newfstatat", 1);
        assertPaths("renameat2", 1, 3);
        assertPaths("chdir", 0);
        assertPaths("faccessat", 1);
        assertPaths("faccessat2", 1);
        assertPaths("fchmodat", 1);
        assertPaths("utimensat", 1);
        assertPaths("statx", 1);
        assertPaths("statfs", 0);
        assertPaths("read");
        assertPaths("write");
    }

    @Test
    void when_syscallReadsMemory_then_theInputAndItsLengthArgAreKnown() {
        assertThat(spec("write").inputs()).containsExactly(buf(1, BufferArg.Direction.IN, BufferArg.Kind.LENGTH_ARG, 2, 0));
        assertThat(spec("pwrite64").inputs()).containsExactly(buf(1, BufferArg.Direction.IN, BufferArg.Kind.LENGTH_ARG, 2, 0));
        assertThat(spec("writev").inputs()).containsExactly(buf(1, BufferArg.Direction.IN, BufferArg.Kind.IOVEC, 2, 0));
        assertThat(spec("write").outputs()).isEmpty();
    }

    @Test
    void when_syscallFillsMemory_then_theOutputShapeSaysHowMuch() {
        assertThat(spec("read").outputs()).containsExactly(out(1, BufferArg.Kind.LENGTH_ARG, 2, 0, BufferArg.Written.RETURN_VALUE));
        assertThat(spec("pread64").outputs()).containsExactly(out(1, BufferArg.Kind.LENGTH_ARG, 2, 0, BufferArg.Written.RETURN_VALUE));
        assertThat(spec("getdents64").outputs()).containsExactly(out(1, BufferArg.Kind.LENGTH_ARG, 2, 0, BufferArg.Written.RETURN_VALUE));
        assertThat(spec("readlinkat").outputs()).containsExactly(out(2, BufferArg.Kind.LENGTH_ARG, 3, 0, BufferArg.Written.RETURN_VALUE));
        assertThat(spec("getcwd").outputs()).containsExactly(out(0, BufferArg.Kind.LENGTH_ARG, 1, 0, BufferArg.Written.RETURN_VALUE));
        assertThat(spec("readv").outputs()).containsExactly(out(1, BufferArg.Kind.IOVEC, 2, 0, BufferArg.Written.RETURN_VALUE));
        assertThat(spec("fstat").outputs()).containsExactly(out(1, BufferArg.Kind.FIXED, -1, 128, BufferArg.Written.WHOLE_ON_SUCCESS));
        assertThat(spec("newfstatat").outputs()).containsExactly(out(2, BufferArg.Kind.FIXED, -1, 128, BufferArg.Written.WHOLE_ON_SUCCESS));
        assertThat(spec("pipe2").outputs()).containsExactly(out(0, BufferArg.Kind.FIXED, -1, 8, BufferArg.Written.WHOLE_ON_SUCCESS));
        assertThat(spec("clock_gettime").outputs()).containsExactly(out(1, BufferArg.Kind.FIXED, -1, 16, BufferArg.Written.WHOLE_ON_SUCCESS));
        assertThat(spec("nanosleep").outputs()).singleElement()
                .satisfies(b -> assertThat(b.nullable()).isTrue())
                .satisfies(b -> assertThat(b.written()).isEqualTo(BufferArg.Written.WHOLE_ON_EINTR));
    }

    @Test
    void when_argumentsDependOnAnOperation_then_theRowSaysSoAndShipsNothing() {
        assertThat(spec("futex").operationDependent()).isTrue();
        assertThat(spec("clone").operationDependent()).isTrue();
        assertThat(spec("futex").buffers()).isEmpty();
        assertThat(table.all().stream().filter(SyscallSpec::operationDependent).map(SyscallSpec::name))
                .containsExactlyInAnyOrder("futex", "clone", "fcntl", "ioctl", "prctl", "pselect6");
    }

    @Test
    void when_anyRowNamesALengthArgument_then_itIsAnotherArgumentInRange() {
        for (SyscallSpec s : table.all()) {
            for (BufferArg b : s.buffers()) {
                if (b.kind() == BufferArg.Kind.LENGTH_ARG || b.kind() == BufferArg.Kind.IOVEC) {
                    assertThat(b.lengthArg()).as(s.name()).isBetween(0, 5).isNotEqualTo(b.arg());
                } else {
                    assertThat(b.lengthArg()).as(s.name()).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void when_aNumberIsNamed_then_theNameListAgreesWithTheTable_andKnowsTheCallsItLacks() {
        for (SyscallSpec spec : table.all()) {
            assertThat(SyscallNames.of(spec.number())).as("nr %d", spec.number()).isEqualTo(spec.name());
        }
        assertThat(SyscallNames.of(293)).isEqualTo("rseq");
        assertThat(SyscallNames.of(435)).isEqualTo("clone3");
        assertThat(SyscallNames.of(439)).isEqualTo("faccessat2");
        assertThat(SyscallNames.of(462)).isEqualTo("mseal");
        assertThat(SyscallNames.of(258)).isEqualTo("riscv_hwprobe");
        assertThat(SyscallNames.of(198)).isEqualTo("socket");
        assertThat(SyscallNames.of(38)).as("renameat: arm64 only").isNull();
        assertThat(SyscallNames.of(300)).isNull();
        assertThat(SyscallNames.describe(1000)).isEqualTo("syscall_1000");
    }

    @Test
    void when_aCallTakesAnArrayOrOptionalArguments_then_theShapeSaysSo() {
        assertThat(spec("ppoll").inputs().getFirst()).isEqualTo(new BufferArg(0, BufferArg.Direction.IN, BufferArg.Kind.LENGTH_ARG,
                1, 8, false, BufferArg.Written.NONE));
        assertThat(spec("ppoll").outputs()).containsExactly(new BufferArg(0, BufferArg.Direction.OUT, BufferArg.Kind.LENGTH_ARG,
                1, 8, false, BufferArg.Written.WHOLE_UNLESS_ERROR));
        assertThat(spec("utimensat").buffers().getFirst().nullable()).as("utimensat's path may be NULL").isTrue();
        assertThat(spec("rt_sigaction").inputs().getFirst().nullable()).isTrue();
        assertThat(spec("gettimeofday").outputs()).hasSize(2).allSatisfy(b -> assertThat(b.nullable()).isTrue());
    }

    private void assertPaths(String name, Integer... args) {
        assertThat(spec(name).buffers().stream().filter(b -> b.kind() == BufferArg.Kind.PATH).map(BufferArg::arg))
                .as(name).containsExactly(args);
    }

    private SyscallSpec spec(String name) {
        return table.all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static BufferArg buf(int arg, BufferArg.Direction d, BufferArg.Kind k, int len, int fixed) {
        return new BufferArg(arg, d, k, len, fixed, false, BufferArg.Written.NONE);
    }

    private static BufferArg out(int arg, BufferArg.Kind k, int len, int fixed, BufferArg.Written w) {
        return new BufferArg(arg, BufferArg.Direction.OUT, k, len, fixed, false, w);
    }
}

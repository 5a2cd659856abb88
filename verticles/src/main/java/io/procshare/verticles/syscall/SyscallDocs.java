package io.procshare.verticles.syscall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates {@code docs/syscalls.md}, the conformance table of issue 4 item 8, from the
 * {@link SyscallTable}: per number its name, route, the argument bytes a forwarded request ships
 * (in) and its reply brings back (out), and the tests that cover it. {@link #COVERAGE} is the one
 * place that says which test covers which call; {@code SyscallDocsTest} fails when the file is out
 * of date, when a row has no test, or when a named test method does not exist.
 *
 * <pre>{@code
 * mvn -B -o -q -pl verticles compile && "$JAVA_HOME"/bin/java -cp verticles/target/classes io.procshare.verticles.syscall.SyscallDocs docs/syscalls.md
 * }</pre>
 */
public final class SyscallDocs {

    /** The command that rewrites the file, run from the repository root with JAVA_HOME a JDK 25. */
    public static final String REGENERATE = "mvn -B -o -q -pl verticles compile && \"$JAVA_HOME\"/bin/java -cp verticles/target/classes "
            + SyscallDocs.class.getName() + " docs/syscalls.md";

    private static final String FILES = "node:io.procshare.node.syscall.ForwardedFileCallsTest#";
    private static final String CALLS = "node:io.procshare.node.syscall.ForwardedProcessCallsTest#";
    private static final String GUEST = "node:io.procshare.node.guest.GuestTasksTest#";
    private static final String SHARED = "node:io.procshare.node.syscall.CrossNodeFilesTest#";
    private static final String START = "node:io.procshare.node.syscall.ForwardedStartupCallsTest#";
    private static final String MORE = "node:io.procshare.node.syscall.ForwardedMoreCallsTest#";
    private static final String CLOCK = "node:io.procshare.node.guest.tasks.ExampleTasksTest#"
            + "when_clockcheckRunsOnThreeNodes_then_everyWorkersAbsoluteDeadlineTimesOutOnTime_andTheReadingsAreOrdered";
    private static final String OFFSET = "verticles:io.procshare.verticles.exec.ClockOffsetTest#"
            + "when_exchangesQueueUnevenly_then_theSampleWithTheSmallestRoundTripWins";
    private static final String SIGNALS = "verticles:io.procshare.verticles.syscall.SignalsTest#";
    private static final String HOST = "verticles:io.procshare.verticles.syscall.HostProcessConformanceTest#";
    private static final String HOST_PROCESS = "verticles:io.procshare.verticles.syscall.HostProcessTest#";
    private static final String SPREAD = SHARED + "when_threadsOnThreeNodesShareADirectory_then_everyResultIsWhatThreeThreadsOnOneNodeGet";
    private static final String ESCAPE = SHARED
            + "when_aRemoteThreadAimsOutsideItsSandbox_then_everyPathFailsOrStaysInside_andNothingOutsideChanges";

    /**
     * Syscall name to the tests that cover it, {@code module:class#method}. The forwarding test
     * (a thread on a non-home node, compared with this host or with Linux's documented answer)
     * comes first.
     */
    public static final Map<String, List<String>> COVERAGE = coverage();

    private SyscallDocs() {
    }

    private static Map<String, List<String>> coverage() {
        Map<String, List<String>> c = new TreeMap<>();
        c.put("getcwd", List.of(FILES + "when_chdirAndGetcwdAreForwarded_then_theyMatchTheHostRelativeToTheRoot",
                HOST_PROCESS + "when_getcwdBufferIsSmallOrCwdIsGone_then_erangeOrEnoent"));
        c.put("chdir", List.of(FILES + "when_chdirAndGetcwdAreForwarded_then_theyMatchTheHostRelativeToTheRoot", ESCAPE));
        c.put("dup", List.of(CALLS + "when_dupIsForwarded_then_itReturnsTheLowestFreeFd_sharingTheOffset_andBadFdIsEbadf"));
        c.put("dup3", List.of(FILES + "when_dup3IsForwarded_then_resultsMatchTheHost", HOST + "dup3_matchesTheHost"));
        c.put("fcntl", List.of(FILES + "when_fcntlGetflSetflDupfdDupfdCloexecAreForwarded_then_resultsMatchTheHost",
                HOST + "fcntl_matchesTheHost"));
        c.put("flock", List.of(FILES + "when_flockIsForwarded_then_conflictsAndErrnosMatchTheHost", SPREAD,
                HOST + "flock_matchesTheHost"));
        c.put("mkdirat", List.of(FILES + "when_mkdiratIsForwarded_then_resultsMatchTheHost", SPREAD, HOST + "mkdirat_matchesTheHost"));
        c.put("unlinkat", List.of(FILES + "when_unlinkatWithAndWithoutRemovedirIsForwarded_then_resultsMatchTheHost",
                HOST + "unlinkat_matchesTheHost"));
        c.put("symlinkat", List.of(FILES + "when_symlinkatAndReadlinkatAreForwarded_then_targetsMatchTheHost", ESCAPE,
                HOST + "symlinkatAndReadlinkat_matchTheHost"));
        c.put("ftruncate", List.of(FILES + "when_ftruncateAndFsyncAreForwarded_then_resultsMatchTheHost",
                HOST + "ftruncateAndFsync_matchTheHost"));
        c.put("fsync", List.of(FILES + "when_ftruncateAndFsyncAreForwarded_then_resultsMatchTheHost",
                HOST + "ftruncateAndFsync_matchTheHost"));
        c.put("openat", List.of(FILES + "when_openatIsForwarded_then_fdsAndErrnosMatchTheHost", SPREAD, ESCAPE,
                HOST + "openat_resultsAndErrnosMatchTheHost"));
        c.put("close", List.of(FILES + "when_closeIsForwarded_then_resultsMatchTheHost", HOST + "close_matchesTheHost"));
        c.put("pipe2", List.of(FILES + "when_pipe2IsForwarded_then_theFdPairAndItsBehaviourMatchTheHost", HOST + "pipe2_matchesTheHost"));
        c.put("getdents64", List.of(FILES + "when_getdents64IsForwarded_then_theEntriesMatchTheHost", SPREAD,
                HOST + "getdents64_matchesTheHostAfterDecoding"));
        c.put("lseek", List.of(FILES + "when_lseekIsForwarded_then_offsetsAndErrnosMatchTheHost", HOST + "lseek_matchesTheHost"));
        c.put("read", List.of(FILES + "when_readAndWriteAreForwarded_then_bytesAndErrnosMatchTheHost", SPREAD,
                HOST + "readAndWrite_matchTheHost"));
        c.put("write", List.of(FILES + "when_readAndWriteAreForwarded_then_bytesAndErrnosMatchTheHost", SPREAD,
                HOST + "readAndWrite_matchTheHost"));
        c.put("readv", List.of(FILES + "when_readvAndWritevAreForwarded_then_scatteredBytesMatchTheHost",
                HOST + "readvAndWritev_matchTheHost"));
        c.put("writev", List.of(FILES + "when_readvAndWritevAreForwarded_then_scatteredBytesMatchTheHost",
                HOST + "readvAndWritev_matchTheHost"));
        c.put("pread64", List.of(FILES + "when_preadAndPwriteAreForwarded_then_bytesAndErrnosMatchTheHost", SPREAD,
                HOST + "preadAndPwrite_matchTheHost"));
        c.put("pwrite64", List.of(FILES + "when_preadAndPwriteAreForwarded_then_bytesAndErrnosMatchTheHost", SPREAD,
                HOST + "preadAndPwrite_matchTheHost"));
        c.put("newfstatat", List.of(FILES + "when_newfstatatAndFstatAreForwarded_then_theGuestStatMatchesTheHost", ESCAPE,
                HOST + "newfstatatAndFstat_matchTheHost"));
        c.put("fstat", List.of(FILES + "when_newfstatatAndFstatAreForwarded_then_theGuestStatMatchesTheHost",
                HOST + "newfstatatAndFstat_matchTheHost"));
        c.put("renameat2", List.of(FILES + "when_renameat2IsForwarded_then_resultsMatchTheHost", SPREAD, HOST + "renameat2_matchesTheHost"));
        c.put("exit", List.of(CALLS + "when_aRemoteThreadCallsExit_then_onlyThatThreadEnds_andTheProcessRunsOn"));
        c.put("exit_group", List.of(CALLS + "when_aRemoteThreadCallsExitGroup_then_theProcessEndsWithThatStatus_andOtherThreadsEnd"));
        c.put("set_tid_address", List.of(CALLS + "when_aThreadWithATidAddressExits_then_theWordIsCleared_andAWaiterOnAnotherNodeWakes"));
        c.put("futex", List.of(CALLS + "when_futexWaitFindsAnotherValue_then_eagainAsOnTheHost",
                CALLS + "when_futexWaitTimesOut_then_etimedoutAfterTheTimeoutAsOnTheHost",
                CALLS + "when_futexWakeFindsNoWaiter_then_zeroAsOnTheHost",
                CALLS + "when_futexBitsetIsZero_then_einvalAsOnTheHost",
                CALLS + "when_futexWordIsMisaligned_then_einvalAsOnTheHost",
                CALLS + "when_futexOpIsUnknown_then_enosysAsOnTheHost",
                CALLS + "when_futexWordIsUnmapped_then_efault",
                CALLS + "when_wakeBitsetMissesTheWaitersBitset_then_itWakesNobody_andAMatchingOneWakesIt",
                CALLS + "when_threeWaitersOnTwoNodesAndWakeTwo_then_exactlyTwoReturn"));
        c.put("clone", List.of(CALLS + "when_cloneIsNotAThreadOrHasBadFlags_then_enosysOrEinval_andAThreadWithoutAStartableEntryIsEagain",
                GUEST + "when_threadsAreSpawnedOnEveryNodeByName_then_theLockedCounterIsExact_andJoinReturnsEachStatus",
                GUEST + "when_placementIsSpread_then_threadsGoRoundRobinStartingAfterTheHome"));
        c.put("brk", List.of(CALLS + "when_brkGrowsTheHeap_then_theNewBreakIsReturned_andTheHeapIsSharedAcrossNodes"));
        c.put("munmap", List.of(CALLS + "when_munmapIsForwarded_then_everyNodeFaultsOnTheRange_andSyscallsGetEfault"));
        c.put("mmap", List.of(CALLS + "when_mmapAnonymousIsForwarded_then_aPageAlignedZeroedMappingEveryNodeSees",
                CALLS + "when_mmapArgumentsAreInvalid_then_einvalAsOnTheHost"));
        c.put("mprotect", List.of(CALLS
                + "when_mprotectMakesARangeReadOnly_then_readsWork_writesFaultOnEveryNode_andReadIntoItIsEfault"));
        c.put("madvise", List.of(CALLS + "when_madviseDontneedIsForwarded_then_theRangeReadsAsZerosOnEveryNode"));
        c.put("nanosleep", List.of(CALLS + "when_nanosleepIsValid_then_itSleepsAtLeastTheRequest_andReturnsZeroAsOnTheHost",
                CALLS + "when_nanosleepTimespecIsOutOfRange_then_einvalAsOnTheHost"));
        c.put("clock_gettime", List.of(CALLS + "when_clockGettimeIsCalled_then_theGuestTimeLiesBetweenTwoHostReadings",
                CALLS + "when_clockIdIsUnknown_then_einvalAsOnTheHost_andABadPointerIsEfault"));
        c.put("sched_yield", List.of(CALLS + "when_schedYieldIsCalled_then_zeroAsOnTheHost"));
        c.put("getpid", List.of(CALLS + "when_threadsOnThreeNodesAskForIds_then_getpidIsThePidEverywhere_andGettidIsEachThreadsGtid"));
        c.put("gettid", List.of(CALLS + "when_threadsOnThreeNodesAskForIds_then_getpidIsThePidEverywhere_andGettidIsEachThreadsGtid"));
        c.put("set_robust_list", List.of(START + "when_setRobustListIsCalled_then_zero_andABadLengthIsEinvalAsOnTheHost"));
        c.put("prlimit64", List.of(START
                + "when_prlimit64IsForwarded_then_stackIs8MiB_nofileIsTheFdTable_andLoweringWorks_butRaisingTheHardLimitIsEperm"));
        c.put("rt_sigaction", List.of(START + "when_rtSigactionIsForwarded_then_theOldActionComesBack_andErrnosMatchTheHost",
                SIGNALS + "when_sigactionArgumentsAreBad_then_einval"));
        c.put("rt_sigprocmask", List.of(START + "when_rtSigprocmaskIsForwarded_then_theMaskIsPerThread_andErrnosMatchTheHost",
                START + "when_sigabrtIsBlockedAsRaiseDoes_then_itStaysPendingUntilTheThreadUnblocksIt",
                SIGNALS + "when_aThreadIsCloned_then_itInheritsTheMask_andItsOwnChangesStayItsOwn"));
        c.put("sigaltstack", List.of(START + "when_sigaltstackIsForwarded_then_theOldStackComesBack_andErrnosMatchTheHost",
                SIGNALS + "when_anAlternateStackIsSetAndDisabled_then_theOldOneComesBack"));
        c.put("kill", List.of(START + "when_aSignalIsIgnoredByDefaultOrByItsAction_then_theProcessRunsOn",
                START + "when_killOrTgkillNamesAnotherProcessOrBadIds_then_esrchOrEinvalAsOnTheHost"));
        c.put("tkill", List.of(START + "when_sigabrtIsBlockedAsRaiseDoes_then_itStaysPendingUntilTheThreadUnblocksIt",
                START + "when_killOrTgkillNamesAnotherProcessOrBadIds_then_esrchOrEinvalAsOnTheHost"));
        c.put("tgkill", List.of(START + "when_aThreadOnAnotherNodeAborts_then_theProcessEndsWith134AndSaysSigabrt",
                START + "when_killOrTgkillNamesAnotherProcessOrBadIds_then_esrchOrEinvalAsOnTheHost"));
        c.merge("mmap", List.of(START + "when_aThreadStackIsMappedAsGlibcDoes_then_mapStackIsAccepted_andOnlyTheGuardPageFaults"),
                SyscallDocs::concat);
        c.put("mremap", List.of(START + "when_mremapGrowsShrinksAndMoves_then_theContentFollows_andErrnosMatchTheHost"));
        c.put("getrandom", List.of(START + "when_getrandomIsCalled_then_theBytesArriveInGuestMemory_andBadFlagsAreEinvalAsOnTheHost"));
        c.put("readlinkat", List.of(FILES + "when_symlinkatAndReadlinkatAreForwarded_then_targetsMatchTheHost",
                START + "when_readlinkOfProcSelfExe_then_theExePathTheFrontEndSet_elseEnoentInsideTheSandbox",
                HOST + "symlinkatAndReadlinkat_matchTheHost"));
        String files = MORE + "when_fdatasyncFchmodAndFchmodatAreForwarded_then_modesAndErrnosMatchTheHost";
        String access = MORE + "when_faccessatAndFaccessat2AreForwarded_then_resultsMatchTheHost";
        String fs = MORE + "when_statfsAndFstatfsAreForwarded_then_theFileSystemIsTheSandboxes";
        String cwd = MORE + "when_fchdirAndUmaskAreForwarded_then_theCwdMoves_andNewFilesGetTheMaskedMode";
        String time = MORE + "when_timeCallsAreMade_then_clockGetresIsTheHosts_gettimeofdayIsNow_andTimesAndGetrusageAnswer";
        String cpus = MORE + "when_affinityIsAsked_then_theMaskHoldsTheClustersCpus_andBadLengthsAndPidsAreEinvalOrEsrch";
        String ids = MORE + "when_idsAndSysinfoAreAsked_then_theyAreTheHosts";
        c.put("eventfd2", List.of(MORE + "when_eventfd2IsForwarded_then_writesAddUp_andReadTakesTheCounter"));
        c.put("ioctl", List.of(MORE + "when_ioctlAsksForATerminal_then_enottyUnlessTheClientsStreamIsOne_andFioclexSetsCloseOnExec"));
        c.put("statfs", List.of(fs));
        c.put("fstatfs", List.of(fs));
        c.put("faccessat", List.of(access));
        c.put("faccessat2", List.of(access));
        c.put("fchdir", List.of(cwd));
        c.put("umask", List.of(cwd));
        c.put("fchmod", List.of(files));
        c.put("fchmodat", List.of(files));
        c.put("fdatasync", List.of(files));
        c.put("ppoll", List.of(MORE + "when_ppollIsForwarded_then_pipesAndFilesReportReadiness_andATimeoutReturnsZeroAfterIt"));
        c.put("pselect6", List.of(MORE + "when_pselect6IsForwarded_then_theSetsKeepTheReadyFds_andATimeoutReturnsZero"));
        c.put("utimensat", List.of(MORE + "when_utimensatIsForwarded_then_theTimesTheStatShowsMatchTheHosts"));
        c.put("statx", List.of(MORE + "when_statxIsForwarded_then_itsStructIsTheHostsForTheSameFile_andErrnosMatch"));
        c.put("clock_getres", List.of(time));
        c.put("gettimeofday", List.of(time));
        c.put("times", List.of(time));
        c.put("getrusage", List.of(time));
        c.put("sched_getaffinity", List.of(cpus));
        c.put("sched_setaffinity", List.of(cpus));
        c.put("getcpu", List.of(cpus));
        c.put("uname", List.of(MORE + "when_unameIsCalled_then_machineIsRiscv64_andTheRestIsTheHomeHostsAsQemuReportsIt"));
        for (String id : List.of("getppid", "getuid", "geteuid", "getgid", "getegid", "sysinfo")) {
            c.put(id, List.of(ids));
        }
        c.put("clock_nanosleep", List.of(MORE + "when_clockNanosleepIsRelativeOrAbsolute_then_itSleepsUntilThatTime_andBadArgumentsAreEinvalAsOnTheHost"));
        c.put("prctl", List.of(MORE + "when_prctlNamesAThread_then_getNameReturnsIt_andUnknownOptionsAreEinvalAsOnTheHost"));
        c.merge("fcntl", List.of(MORE + "when_fcntlRecordLocksAreForwarded_then_setlkGetlkAndTheOfdVariantsMatchTheHost"), SyscallDocs::concat);
        c.merge("clock_gettime", List.of(CLOCK, OFFSET), SyscallDocs::concat);
        c.merge("futex", List.of(CLOCK), SyscallDocs::concat);
        return java.util.Collections.unmodifiableMap(c);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The test covering unknown numbers. */
    public static final String ENOSYS_TEST = CALLS + "when_aNumberIsNotInTheTable_then_enosysWithoutAskingTheHome";
    /** The test covering the count of missed numbers. */
    public static final String MISSED_TEST = START
            + "when_aThreadCallsANumberTheTableLacks_then_enosys_andItsNodeCountsItPerNumberForThatProcess";

    /** The Markdown for {@code table}. */
    public static String render(SyscallTable table) {
        StringBuilder b = new StringBuilder();
        b.append("# System calls\n\n");
        b.append("<!-- Generated from SyscallTable.linuxGeneric() by ").append(SyscallDocs.class.getName())
                .append(": do not edit. Regenerate from the repository root with\n     ").append(REGENERATE).append(" -->\n\n");
        b.append("Numbers are Linux's generic table (riscv64, arm64). A **HOME** call issued on the process's home\n"
                + "runs in the calling thread (the paper's condition B); issued on any other node it is one execution\n"
                + "request to the home, and the thread waits for the reply (condition C). A **LOCAL** call runs on the\n"
                + "caller's node. With argument shipping on (`argumentShipping` in `conf/node.json`, default true) a\n"
                + "forwarded request carries the *in* bytes below and its reply the *out* bytes, which the issuing\n"
                + "node stores into guest memory as the thread; off, the home reads and writes them through the DSM.\n"
                + "Arguments are numbered from 0.\n\n");
        b.append("| Nr | Name | Route | Shipped arguments | Covered by |\n");
        b.append("|---:|---|---|---|---|\n");
        for (SyscallSpec s : table.all()) {
            b.append("| ").append(s.number()).append(" | `").append(s.name()).append("` | ").append(s.route()).append(" | ")
                    .append(shipped(s)).append(" | ").append(tests(COVERAGE.getOrDefault(s.name(), List.of()))).append(" |\n");
        }
        b.append("\nEvery other number returns `-ENOSYS` (-38) on the calling node, without a request to the home (")
                .append(tests(List.of(ENOSYS_TEST))).append("), and is counted per number in `procshare status` (`missedSyscalls`,\n"
                + "\"missed syscalls: 293 rseq ×1\"; ").append(tests(List.of(MISSED_TEST))).append(").\n\n");
        b.append("""
                Not supported yet, each `-ENOSYS`; the numbers outside the table are counted as missed too:

                - `execve` (221), `wait4` (260) and a fork-style `clone` (without `CLONE_THREAD`): a shared process has one
                  address space and no children; a later issue adds them.
                - `rseq` (293): glibc 2.35+ registers it at start and for every thread and runs on when it fails.
                - `linkat` (37): hard links could tie a sandbox's files to files outside it; it stays out.
                - `clone3` (435): glibc falls back to `clone`.

                Choices where the answer is procshare's own: `sched_getaffinity` reports every CPU of the cluster (its nodes
                times the home's online CPUs) and `sched_setaffinity` accepts any mask that holds one of them (placement decides
                where threads run); `getcpu` says CPU 0, node 0; `uname` is the home host's with machine `riscv64` (the release
                is the host kernel's, as qemu-riscv64 reports it); `getppid` is the home's JVM; `times` and `getrusage` count the
                calling thread's CPU time; signals take their default action (a handler is recorded, never run; SIGABRT ends the
                process with status 134); CLOCK_MONOTONIC is the home's clock on every node (an offset estimated over the event
                bus, within half a round trip), CLOCK_REALTIME each host's own.
                """);
        return b.toString();
    }

    private static String tests(List<String> tests) {
        if (tests.isEmpty()) {
            return "**none**";
        }
        List<String> out = new ArrayList<>();
        for (String t : tests) {
            String module = t.substring(0, t.indexOf(':'));
            String qualified = t.substring(t.indexOf(':') + 1);
            String simple = qualified.substring(qualified.lastIndexOf('.', qualified.indexOf('#')) + 1);
            out.add("`" + simple + "` (" + module + ")");
        }
        return String.join("<br>", out);
    }

    /** The shipped bytes of one row, in argument order. */
    static String shipped(SyscallSpec s) {
        if (s.operationDependent()) {
            return "none: depends on the op; the home reads guest memory through the DSM";
        }
        if (s.buffers().isEmpty()) {
            return "none (registers only)";
        }
        List<String> parts = new ArrayList<>();
        for (BufferArg a : s.buffers()) {
            parts.add(describe(s.name(), a));
        }
        String text = String.join("; ", parts);
        return s.route() == Route.LOCAL ? "none: LOCAL (" + text + ", in place)" : text;
    }

    private static String describe(String call, BufferArg a) {
        String dir = a.direction() == BufferArg.Direction.IN ? "in" : "out";
        String what = switch (a.kind()) {
            case PATH -> "path, NUL-terminated, at most " + BufferArg.PATH_MAX + " B";
            case LENGTH_ARG -> a.fixedLength() > 0 ? "arg" + a.lengthArg() + " × " + a.fixedLength() + " B" + structName(call, -1)
                    : a.direction() == BufferArg.Direction.IN ? "arg" + a.lengthArg() + " bytes"
                    : "up to arg" + a.lengthArg() + " bytes";
            case FIXED -> a.fixedLength() + " B" + structName(call, a.fixedLength());
            case IOVEC -> "iovec[arg" + a.lengthArg() + "] (" + BufferArg.IOVEC_SIZE + " B each) and "
                    + (a.direction() == BufferArg.Direction.IN ? "the bytes of every iovec" : "their buffers");
        };
        String when = switch (a.written()) {
            case NONE -> "";
            case RETURN_VALUE -> ", as many as the return value";
            case WHOLE_ON_SUCCESS -> ", on success";
            case WHOLE_ON_EINTR -> ", on -EINTR";
            case WHOLE_UNLESS_ERROR -> ", unless it fails";
        };
        return dir + " arg" + a.arg() + ": " + what + when + (a.nullable() ? ", may be NULL" : "");
    }

    private static String structName(String call, int size) {
        String type = switch (call) {
            case "fstat", "newfstatat" -> "struct stat";
            case "nanosleep", "clock_gettime", "clock_getres" -> "struct timespec";
            case "pipe2" -> "int[2]";
            case "prlimit64" -> "struct rlimit64";
            case "rt_sigaction" -> "struct sigaction";
            case "rt_sigprocmask" -> "sigset_t";
            case "sigaltstack" -> "stack_t";
            default -> STRUCTS.getOrDefault(call + "/" + size, STRUCTS.getOrDefault(call, ""));
        };
        return type.isEmpty() ? "" : " (" + type + ")";
    }

    /** The guest structure behind a fixed-size argument of the calls not named in {@link #structName}. */
    private static final Map<String, String> STRUCTS = new TreeMap<>(Map.ofEntries(
            Map.entry("statfs", "struct statfs"), Map.entry("fstatfs", "struct statfs"), Map.entry("statx", "struct statx"),
            Map.entry("uname", "struct utsname"), Map.entry("sysinfo", "struct sysinfo"), Map.entry("times", "struct tms"),
            Map.entry("getrusage", "struct rusage"), Map.entry("getcpu", "unsigned int"),
            Map.entry("gettimeofday/16", "struct timeval"), Map.entry("gettimeofday/8", "struct timezone"),
            Map.entry("utimensat", "struct timespec[2]"), Map.entry("ppoll/-1", "struct pollfd"),
            Map.entry("ppoll/16", "struct timespec"), Map.entry("ppoll/8", "sigset_t")));

    /** Writes the table to {@code args[0]} (default {@code docs/syscalls.md}). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/syscalls.md");
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, render(SyscallTable.linuxGeneric()), StandardCharsets.UTF_8);
        System.out.println("wrote " + out.toAbsolutePath());
    }
}

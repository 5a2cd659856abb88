package io.procshare.node.guest.riscv.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import io.procshare.node.guest.riscv.FlatMemory;
import io.procshare.node.guest.riscv.Hart;
import io.procshare.node.guest.riscv.decode.Op;
import io.procshare.node.guest.riscv.elf.LoadTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Instruction sequences run on the engine: integer, control, memory, atomics, CSRs, traps, the cache. */
class EngineTest {

    static final long CODE = 0x10000, DATA = 0x20000;
    static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, T0 = 5, RA = 1, SP = 2;

    FlatMemory mem;
    Hart h;
    List<Long> ecalls;

    /** Thrown by the test's ecall handler when a7 = 93. */
    static final class Stop extends RuntimeException {
    }

    @BeforeEach
    void setUp() {
        mem = new FlatMemory();
        mem.map(CODE, 0x4000, LoadTarget.PROT_READ | LoadTarget.PROT_WRITE | LoadTarget.PROT_EXEC);
        mem.map(DATA, 0x4000, LoadTarget.PROT_READ | LoadTarget.PROT_WRITE);
        h = new Hart();
        h.pc = CODE;
        ecalls = new ArrayList<>();
    }

    // ---- a tiny assembler ----

    static int r(int f7, int rs2, int rs1, int f3, int rd, int opc) {
        return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
    }

    static int i(int imm, int rs1, int f3, int rd, int opc) {
        return (imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
    }

    static int s(int imm, int rs2, int rs1, int f3, int opc) {
        return ((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 31) << 7 | opc;
    }

    static int b(int imm, int rs2, int rs1, int f3) {
        return ((imm >> 12) & 1) << 31 | ((imm >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12
                | ((imm >> 1) & 15) << 8 | ((imm >> 11) & 1) << 7 | 0x63;
    }

    static int jal(int rd, int imm) {
        return ((imm >> 20) & 1) << 31 | ((imm >> 1) & 0x3ff) << 21 | ((imm >> 11) & 1) << 20 | ((imm >> 12) & 0xff) << 12
                | rd << 7 | 0x6f;
    }

    static int addi(int rd, int rs1, int imm) {
        return i(imm, rs1, 0, rd, 0x13);
    }

    static int li(int rd, int imm) {
        return addi(rd, 0, imm);
    }

    static int lui(int rd, int imm20) {
        return imm20 << 12 | rd << 7 | 0x37;
    }

    static final int ECALL = 0x73, EBREAK = 0x00100073, FENCE_I = 0x100f;
    static final int EXIT = li(17, 93);

    /** Writes 32-bit words from CODE on. */
    void code(int... words) {
        long a = CODE;
        for (int w : words) {
            mem.writeInt(a, w);
            a += 4;
        }
    }

    /** Runs until an ecall with a7 = 93. Other ecalls record a0 and return a0 + 1. */
    void run() {
        Engine engine = new Engine(new BlockCache());
        assertThatThrownBy(() -> engine.execute(h, mem, hart -> {
            if (hart.x[17] == 93) {
                throw new Stop();
            }
            ecalls.add(hart.x[A0]);
            hart.x[A0]++;
        })).isInstanceOf(Stop.class);
    }

    long runOp(int word, long a, long b) {
        h.pc = CODE;
        h.x[A1] = a;
        h.x[A2] = b;
        code(word, EXIT, ECALL);
        run();
        return h.x[A0];
    }

    // ---- integer ----

    @Test
    void when_divisionByZeroOrOverflow_then_riscvResults() {
        assertThat(IntegerOps.divide(Op.DIV, 7, 0)).isEqualTo(-1);
        assertThat(IntegerOps.divide(Op.DIVU, 7, 0)).isEqualTo(-1);
        assertThat(IntegerOps.divide(Op.REM, 7, 0)).isEqualTo(7);
        assertThat(IntegerOps.divide(Op.REMU, -7, 0)).isEqualTo(-7);
        assertThat(IntegerOps.divide(Op.DIV, Long.MIN_VALUE, -1)).isEqualTo(Long.MIN_VALUE);
        assertThat(IntegerOps.divide(Op.REM, Long.MIN_VALUE, -1)).isZero();
        assertThat(IntegerOps.divide(Op.DIVW, Integer.MIN_VALUE, -1)).isEqualTo(Integer.MIN_VALUE);
        assertThat(IntegerOps.divide(Op.REMW, Integer.MIN_VALUE, -1)).isZero();
        assertThat(IntegerOps.divide(Op.DIVUW, 0x1_0000_0007L, 0x1_0000_0000L)).isEqualTo(-1); // low words: 7 / 0
        assertThat(IntegerOps.divide(Op.REMUW, 0x8000_0007L, 0)).isEqualTo(0xffffffff80000007L); // sign-extended
        assertThat(IntegerOps.divide(Op.DIVUW, -1, 2)).isEqualTo(0x7fffffffL);
        assertThat(IntegerOps.divide(Op.REMW, -7, 2)).isEqualTo(-1);
        assertThat(runOp(r(1, A2, A1, 4, A0, 0x33), 100, 0)).isEqualTo(-1); // div through the engine
    }

    @Test
    void when_multiplyHigh_then_signedUnsignedAndMixed() {
        assertThat(runOp(r(1, A2, A1, 1, A0, 0x33), -1, -1)).isZero(); // mulh
        assertThat(runOp(r(1, A2, A1, 3, A0, 0x33), -1, -1)).isEqualTo(-2); // mulhu
        assertThat(runOp(r(1, A2, A1, 2, A0, 0x33), -1, -1)).isEqualTo(-1); // mulhsu: -1 * (2^64-1)
        assertThat(runOp(r(1, A2, A1, 2, A0, 0x33), 2, -1)).isEqualTo(1);
        assertThat(runOp(r(1, A2, A1, 0, A0, 0x3b), 0x7fffffff, 2)).isEqualTo(-2); // mulw sign-extends
    }

    @Test
    void when_shiftByRegister_then_amountMaskedToTheWidth() {
        assertThat(runOp(r(0, A2, A1, 1, A0, 0x33), 1, 65)).isEqualTo(2); // sll by 65 = by 1
        assertThat(runOp(r(0x20, A2, A1, 5, A0, 0x33), Long.MIN_VALUE, 127)).isEqualTo(-1); // sra by 63
        assertThat(runOp(r(0, A2, A1, 1, A0, 0x3b), 1, 33)).isEqualTo(2); // sllw by 33 = by 1
        assertThat(runOp(r(0, A2, A1, 5, A0, 0x3b), 0xffff_ffff_8000_0000L, 31)).isEqualTo(1); // srlw
        assertThat(runOp(r(0x20, A2, A1, 5, A0, 0x3b), 0x8000_0000L, 4)).isEqualTo(0xfffffffff8000000L); // sraw
        assertThat(runOp(r(0, A2, A1, 0, A0, 0x3b), 0x7fffffffL, 1)).isEqualTo(Integer.MIN_VALUE); // addw wraps
    }

    @Test
    void when_writingX0_then_itStaysZero() {
        mem.writeLong(DATA, 42);
        h.x[A1] = DATA;
        code(i(0, A1, 3, 0, 0x03), jal(0, 4), addi(A0, 0, 5), EXIT, ECALL); // ld zero; jal zero
        run();
        assertThat(h.x[0]).isZero();
        assertThat(h.x[A0]).isEqualTo(5);
    }

    // ---- control ----

    @Test
    void when_loopRuns_then_branchesJumpsAndRetiredCountAreRight() {
        // a0 = 0; a1 = 10; loop: a0 += a1; a1 -= 1; bne a1, zero, loop; exit
        code(li(A0, 0), li(A1, 10), r(0, A1, A0, 0, A0, 0x33), addi(A1, A1, -1), b(-8, 0, A1, 1), EXIT, ECALL);
        run();
        assertThat(h.x[A0]).isEqualTo(55);
        assertThat(h.retired).isEqualTo(2 + 10 * 3 + 2); // the exiting ecall retired before its handler threw
        assertThat(h.pc).isEqualTo(CODE + 28); // after the ecall at +24
    }

    @Test
    void when_callAndReturn_then_linkRegisterAndJalrTargetWithBit0Cleared() {
        // jal ra, f; exit; f: li a0, 7; jalr zero, 1(ra) -> returns to ra (bit 0 cleared)
        code(jal(RA, 12), EXIT, ECALL, li(A0, 7), i(1, RA, 0, 0, 0x67));
        run();
        assertThat(h.x[A0]).isEqualTo(7);
        assertThat(h.x[RA]).isEqualTo(CODE + 4);
    }

    @Test
    void when_ecall_then_pcIsAfterItAndTheHandlerResultIsInA0() {
        code(li(A0, 41), ECALL, r(0, 0, A0, 0, A1, 0x33), EXIT, ECALL);
        run();
        assertThat(ecalls).containsExactly(41L);
        assertThat(h.x[A1]).isEqualTo(42);
    }

    // ---- traps ----

    @Test
    void when_illegalInstruction_then_trapNamesPcAndBitsAndPcStaysThere() {
        code(li(A0, 1), 0xffffffff);
        Engine engine = new Engine(new BlockCache());
        assertThatThrownBy(() -> engine.execute(h, mem, hart -> { }))
                .isInstanceOfSatisfying(IllegalInstructionException.class, e -> {
                    assertThat(e.pc()).isEqualTo(CODE + 4);
                    assertThat(e.bits()).isEqualTo(0xffffffff);
                    assertThat(e.exitStatus()).isEqualTo(132);
                })
                .hasMessageContaining("0xffffffff").hasMessageContaining("0x10004");
        assertThat(h.pc).isEqualTo(CODE + 4);
        assertThat(h.retired).isEqualTo(1);
    }

    @Test
    void when_ebreakOrCompressedEbreak_then_breakpointTrap() {
        code(li(A0, 1), EBREAK);
        assertThatThrownBy(() -> new Engine(new BlockCache()).execute(h, mem, hart -> { }))
                .isInstanceOfSatisfying(BreakpointException.class, e -> assertThat(e.exitStatus()).isEqualTo(133));
        assertThat(h.pc).isEqualTo(CODE + 4);
        h.pc = CODE;
        mem.writeInt(CODE, 0x00019002); // c.ebreak; c.nop
        assertThatThrownBy(() -> new Engine(new BlockCache()).execute(h, mem, hart -> { }))
                .isInstanceOf(BreakpointException.class).hasMessageContaining("0x10000");
    }

    @Test
    void when_loadFaults_then_theFaultPropagatesWithPcAtTheLoad() {
        h.x[A1] = 0x900000;
        code(li(A0, 1), li(A0, 2), i(0, A1, 3, A0, 0x03));
        assertThatThrownBy(() -> new Engine(new BlockCache()).execute(h, mem, hart -> { })).isInstanceOf(FlatMemory.Fault.class);
        assertThat(h.pc).isEqualTo(CODE + 8);
        assertThat(h.x[A0]).isEqualTo(2);
    }

    @Test
    void when_jumpToUnmappedCode_then_fetchFaultWithPcAtTheTarget() {
        h.x[A1] = 0x900000;
        code(i(0, A1, 0, 0, 0x67));
        assertThatThrownBy(() -> new Engine(new BlockCache()).execute(h, mem, hart -> { })).isInstanceOf(FlatMemory.Fault.class);
        assertThat(h.pc).isEqualTo(0x900000);
    }

    // ---- atomics ----

    @Test
    void when_lrThenSc_then_succeedsOnceAndScWithoutReservationFails() {
        mem.writeLong(DATA, 5);
        h.x[A1] = DATA;
        int lrd = r(0x08, 0, A1, 3, A2, 0x2f), scd = r(0x0c, A3, A1, 3, A0, 0x2f);
        code(lrd, addi(A3, A2, 1), scd, r(0, 0, A0, 0, T0, 0x33), scd, EXIT, ECALL);
        run();
        assertThat(h.x[T0]).isZero(); // the first sc succeeded
        assertThat(h.x[A0]).isEqualTo(1); // the second had no reservation
        assertThat(mem.readLong(DATA)).isEqualTo(6);
    }

    @Test
    void when_scAfterTheValueChanged_then_fails() {
        mem.writeInt(DATA, 5);
        h.x[A1] = DATA;
        h.x[A3] = 99;
        int lrw = r(0x08, 0, A1, 2, A2, 0x2f), scw = r(0x0c, A3, A1, 2, A0, 0x2f);
        code(lrw, li(T0, 6), s(0, T0, A1, 2, 0x23), scw, EXIT, ECALL); // sw 6 between lr and sc
        run();
        assertThat(h.x[A0]).isEqualTo(1);
        assertThat(mem.readInt(DATA)).isEqualTo(6);
    }

    @Test
    void when_amoOnWords_then_oldValueSignExtendedAndMemoryUpdated() {
        mem.writeInt(DATA, -8);
        h.x[A1] = DATA;
        h.x[A2] = 3;
        code(r(0x1c << 2, A2, A1, 2, A0, 0x2f), EXIT, ECALL); // amomaxu.w
        run();
        assertThat(h.x[A0]).isEqualTo(-8);
        assertThat(mem.readInt(DATA)).isEqualTo(-8); // unsigned max of 0xfffffff8 and 3
    }

    @Test
    void when_amoMisaligned_then_sigbus() {
        h.x[A1] = DATA + 4;
        code(r(0, A2, A1, 3, A0, 0x2f)); // amoadd.d on a 4-aligned address
        assertThatThrownBy(() -> new Engine(new BlockCache()).execute(h, mem, hart -> { }))
                .isInstanceOfSatisfying(MisalignedAtomicException.class, e -> assertThat(e.exitStatus()).isEqualTo(135));
        assertThat(h.pc).isEqualTo(CODE);
    }

    // ---- CSRs and FP state ----

    @Test
    void when_csrsWritten_then_frmAndFflagsShareFcsr() {
        // csrrwi zero, frm, 3; csrrsi zero, fflags, 5; csrrs a0, fcsr, zero; csrrw a1, fflags, zero
        code(i(0x002, 3, 5, 0, 0x73), i(0x001, 5, 6, 0, 0x73), i(0x003, 0, 2, A0, 0x73), i(0x001, 0, 1, A1, 0x73),
                i(0x002, 0, 2, A2, 0x73), EXIT, ECALL);
        run();
        assertThat(h.x[A0]).isEqualTo(3 << 5 | 5);
        assertThat(h.x[A1]).isEqualTo(5);
        assertThat(h.x[A2]).isEqualTo(3);
        assertThat(h.fcsr).isEqualTo(3 << 5);
    }

    @Test
    void when_dynamicRoundingModeIsReserved_then_theFpInstructionIsIllegalAtItsPc() {
        h.fcsr = 6 << 5;
        code(li(A0, 1), r(0x01, 2, 1, 7, 3, 0x53)); // fadd.d f3, f1, f2, dyn
        assertThatThrownBy(() -> new Engine(new BlockCache()).execute(h, mem, hart -> { }))
                .isInstanceOfSatisfying(IllegalInstructionException.class, e -> assertThat(e.pc()).isEqualTo(CODE + 4))
                .hasMessageContaining("frm=6");
    }

    @Test
    void when_compressedCodeRuns_then_sameAsItsExpansion() {
        // c.li a0,5; c.addi a0,-1; c.slli a0,3; c.mv a1,a0; c.add a1,a0; c.j +2 (next)
        mem.writeShort(CODE, (short) 0x4515);
        mem.writeShort(CODE + 2, (short) 0x157d);
        mem.writeShort(CODE + 4, (short) 0x050e);
        mem.writeShort(CODE + 6, (short) 0x85aa);
        mem.writeShort(CODE + 8, (short) 0x95aa);
        mem.writeShort(CODE + 10, (short) 0xa009); // c.j +2
        mem.writeInt(CODE + 12, EXIT);
        mem.writeInt(CODE + 16, ECALL);
        run();
        assertThat(h.x[A0]).isEqualTo(32);
        assertThat(h.x[A1]).isEqualTo(64);
    }

    // ---- the block cache ----

    @Test
    void when_codeIsRewrittenAndFenceI_then_theNewCodeRuns() {
        // 0: li a0, 1; 4: ecall (records); 8: sw a2 -> [0]; 12: fence.i; 16: jal zero, 0
        h.x[A1] = CODE;
        h.x[A2] = li(A0, 2) & 0xffffffffL;
        int[] words = {li(A0, 1), ECALL, s(0, A2, A1, 2, 0x23), FENCE_I, jal(0, -16)};
        code(words);
        Engine engine = new Engine(new BlockCache());
        assertThatThrownBy(() -> engine.execute(h, mem, hart -> {
            ecalls.add(hart.x[A0]);
            if (ecalls.size() == 2) {
                throw new Stop();
            }
        })).isInstanceOf(Stop.class);
        assertThat(ecalls).containsExactly(1L, 2L);
    }

    @Test
    void when_codeIsRewrittenWithoutFenceI_then_theCachedBlockStillRuns() {
        h.x[A1] = CODE;
        h.x[A2] = li(A0, 2) & 0xffffffffL;
        code(li(A0, 1), ECALL, s(0, A2, A1, 2, 0x23), 0x0000000f, jal(0, -16)); // fence, not fence.i
        Engine engine = new Engine(new BlockCache());
        assertThatThrownBy(() -> engine.execute(h, mem, hart -> {
            ecalls.add(hart.x[A0]);
            if (ecalls.size() == 2) {
                throw new Stop();
            }
        })).isInstanceOf(Stop.class);
        assertThat(ecalls).containsExactly(1L, 1L);
    }

    @Test
    void when_twoHartsShareACache_then_eachBlockIsDecodedOnce() {
        BlockCache cache = new BlockCache();
        code(li(A0, 1), EXIT, ECALL);
        for (int k = 0; k < 2; k++) {
            Hart hart = new Hart();
            hart.pc = CODE;
            assertThatThrownBy(() -> new Engine(cache).execute(hart, mem, x -> {
                throw new Stop();
            })).isInstanceOf(Stop.class);
        }
        assertThat(cache.size()).isEqualTo(1);
    }

    // ---- compiled blocks ----

    /** Runs from CODE until something is thrown; returns it. */
    private RuntimeException runToFault(boolean compile) {
        h = new Hart();
        h.pc = CODE;
        h.x[A2] = 100_000;
        try {
            new Engine(new BlockCache(), compile).execute(h, mem, hart -> {
                throw new Stop();
            });
            throw new AssertionError("returned");
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void when_hotLoopIsCompiledAndFaults_then_stateIsTheInterpretersExactly() {
        // li a0,0; li a1,DATA; loop: sd a0,0(a1); addi a1,a1,8; addi a0,a0,1; slli a3,a0,3; bne a0,a2,loop
        code(li(A0, 0), lui(A1, (int) (DATA >> 12)), s(0, A0, A1, 3, 0x23), addi(A1, A1, 8), addi(A0, A0, 1),
                i(3, A0, 1, A3, 0x13), b(-16, A2, A0, 1));
        RuntimeException interpreted = runToFault(false);
        long[] x = h.x.clone();
        long pc = h.pc, retired = h.retired;
        RuntimeException compiled = runToFault(true);
        assertThat(compiled).isInstanceOf(FlatMemory.Fault.class);
        assertThat(interpreted).isInstanceOf(FlatMemory.Fault.class);
        assertThat(h.x).containsExactly(x);
        assertThat(h.pc).isEqualTo(pc).isEqualTo(CODE + 8);
        assertThat(h.retired).isEqualTo(retired);
        assertThat(h.x[A0]).isEqualTo(0x4000 / 8);
        assertThat(mem.readLong(DATA + 0x3ff8)).isEqualTo(0x4000 / 8 - 1);
    }

    @Test
    void when_compiledIntegerCodeRuns_then_sameResultsAsInterpreted() {
        // a loop mixing every compiled op class: w ops, shifts, compares, mul/div, loads of every width
        mem.writeLong(DATA, 0x8899aabbccddeeffL);
        int[] body = {
            r(0, A2, A0, 0, A3, 0x3b), // addw a3,a0,a2
            i(5, A3, 1, A3, 0x1b), // slliw a3,a3,5
            r(0x20, A0, A3, 5, A3, 0x3b), // sraw a3,a3,a0
            r(1, A3, A0, 1, T0, 0x33), // mulh t0,a0,a3
            r(1, T0, A2, 2, 6, 0x33), // mulhsu t1,a2,t0
            r(1, A0, A3, 4, 7, 0x33), // div t2,a3,a0
            r(1, 0, A3, 7, 28, 0x3b), // remuw t3,a3,zero
            r(0, A3, A0, 3, 29, 0x33), // sltu t4,a0,a3
            i(-5, A3, 2, 30, 0x13), // slti t5,a3,-5
            i(1, A1, 4, 31, 0x03), // lbu t6,1(a1)
            i(2, A1, 1, 9, 0x03), // lh s1,2(a1)
            i(4, A1, 6, 18, 0x03), // lwu s2,4(a1)
            r(0, 7, 6, 0, 19, 0x33), // add s3,t1,t2
            r(0, 28, 19, 4, 19, 0x33), // xor s3,s3,t3
            r(0, 29, 19, 0, 19, 0x33), // add s3,s3,t4
            r(0, 30, 19, 6, 19, 0x33), // or s3,s3,t5
            r(0, 31, 19, 0, 19, 0x33), // add s3,s3,t6
            r(0, 9, 19, 0, 19, 0x33), // add s3,s3,s1
            r(0, 18, 19, 7, 20, 0x33), // and s4,s3,s2
            r(0, 19, 21, 0, 21, 0x33), // add s5,s5,s3
            r(0, 20, 21, 4, 21, 0x33), // xor s5,s5,s4
            addi(A0, A0, 1),
        };
        int[] prog = new int[body.length + 5];
        prog[0] = li(A0, 1);
        prog[1] = lui(A1, (int) (DATA >> 12));
        prog[2] = li(A2, -7);
        System.arraycopy(body, 0, prog, 3, body.length);
        prog[body.length + 3] = b(-4 * body.length, 8, A0, 1); // bne a0, s0, body
        prog[body.length + 4] = ECALL;
        code(prog);
        // bound the loop: s0 = 1000, so bne a0, s0 exits after 999 iterations into the ecall
        long[][] results = new long[2][];
        for (int k = 0; k < 2; k++) {
            h = new Hart();
            h.pc = CODE;
            h.x[8] = 1000;
            boolean compile = k == 1;
            assertThatThrownBy(() -> new Engine(new BlockCache(), compile).execute(h, mem, hart -> {
                throw new Stop();
            })).isInstanceOf(Stop.class);
            results[k] = h.x.clone();
            assertThat(h.retired).isEqualTo(3 + 999L * (body.length + 1) + 1);
        }
        assertThat(results[1]).containsExactly(results[0]);
        assertThat(results[1][21]).isNotZero();
    }

    @Test
    void when_compiledFpBlockMeetsAReservedFrm_then_illegalAtTheFpInstructionWithTheInterpretersState() {
        // loop: fadd.d f1,f1,f2 (dyn); addi a0,a0,1; bne a0,a2,loop; csrrwi zero,frm,5; li a2,0; jal zero,loop
        int[] prog = {r(0x01, 2, 1, 7, 1, 0x53), addi(A0, A0, 1), b(-8, A2, A0, 1), i(0x002, 5, 5, 0, 0x73), li(A2, 0),
            jal(0, -20)};
        code(prog);
        long[][] state = new long[2][];
        long[] f1 = new long[2];
        for (int k = 0; k < 2; k++) {
            h = new Hart();
            h.pc = CODE;
            h.x[A2] = 1000;
            h.f[2] = Double.doubleToRawLongBits(0.5);
            boolean compile = k == 1;
            assertThatThrownBy(() -> new Engine(new BlockCache(), compile).execute(h, mem, hart -> { }))
                    .isInstanceOfSatisfying(IllegalInstructionException.class, e -> {
                        assertThat(e.pc()).isEqualTo(CODE);
                        assertThat(e.reason()).contains("frm=5");
                    });
            state[k] = h.x.clone();
            f1[k] = h.f[1];
            assertThat(h.retired).isEqualTo(3 * 1000L + 3); // the faulting fadd is not retired
        }
        assertThat(state[1]).containsExactly(state[0]);
        assertThat(Double.longBitsToDouble(f1[1])).isEqualTo(Double.longBitsToDouble(f1[0])).isEqualTo(500.0);
    }

    @Test
    void when_compiledLoopUsesAtomics_then_sameMemoryAndRegistersAsInterpreted() {
        // loop: amoadd.d a3,a0,(a1); lr.w t0,(a4); addi t0,t0,3; sc.w t1,t0,(a4); add a5,a5,t1; amomaxu.w a6,a0,(a4);
        //       addi a0,a0,1; bne a0,a2,loop
        int[] prog = {r(0, A0, A1, 3, A3, 0x2f), r(0x08, 0, 14, 2, T0, 0x2f), addi(T0, T0, 3), r(0x0c, T0, 14, 2, 6, 0x2f),
            r(0, 6, 15, 0, 15, 0x33), r(0x1c << 2, A0, 14, 2, 16, 0x2f), addi(A0, A0, 1), b(-28, A2, A0, 1), EXIT, ECALL};
        code(prog);
        long[][] state = new long[2][];
        long[] memory = new long[4];
        for (int k = 0; k < 2; k++) {
            mem.writeLong(DATA, 0);
            mem.writeLong(DATA + 8, 0);
            h = new Hart();
            h.pc = CODE;
            h.x[A1] = DATA;
            h.x[14] = DATA + 8;
            h.x[A2] = 1000;
            boolean compile = k == 1;
            assertThatThrownBy(() -> new Engine(new BlockCache(), compile).execute(h, mem, hart -> {
                throw new Stop();
            })).isInstanceOf(Stop.class);
            state[k] = h.x.clone();
            memory[2 * k] = mem.readLong(DATA);
            memory[2 * k + 1] = mem.readLong(DATA + 8);
        }
        assertThat(state[1]).containsExactly(state[0]);
        assertThat(memory[2]).isEqualTo(memory[0]).isEqualTo(999L * 1000 / 2);
        assertThat(memory[3]).isEqualTo(memory[1]);
        assertThat(state[1][15]).isZero(); // every sc.w succeeded
    }

    @Test
    void when_anotherThreadRequestsStop_then_aCompiledEndlessLoopStops() throws Exception {
        // loop: addi a0,a0,1; bne a0,zero,loop (runs ~forever without touching memory)
        code(addi(A0, A0, 1), b(-4, 0, A0, 1));
        java.util.concurrent.CompletableFuture<Throwable> ended = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                new Engine(new BlockCache()).execute(h, mem, hart -> { });
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
        t.start();
        while (h.retired < 10_000 && !ended.isDone()) {
            Thread.onSpinWait(); // the count grows as compiled iterations retire
        }
        h.stopRequested = true;
        assertThat(ended.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(HartStoppedException.class);
        t.join();
        assertThat(h.pc).isEqualTo(CODE);
        assertThat(h.retired).isEqualTo(2 * h.x[A0]);
    }
}

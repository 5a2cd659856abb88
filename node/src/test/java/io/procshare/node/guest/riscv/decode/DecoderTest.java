package io.procshare.node.guest.riscv.decode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Encodings from riscv64-linux-gnu-as (objdump -M no-aliases), decoded and checked field by field. */
class DecoderTest {

    private static Insn d(int bits) {
        return Decoder.decode(bits);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        // bits, op, rd, rs1, rs2, imm
        "1fe0, addi, 8, 2, 0, 1020",       // c.addi4spn s0,sp,1020
        "3fe4, fld, 9, 15, 0, 248",        // c.fld fs1,248(a5)
        "5de8, lw, 10, 11, 0, 124",        // c.lw a0,124(a1)
        "7ef0, ld, 12, 13, 0, 248",        // c.ld a2,248(a3)
        "a488, fsd, 0, 9, 10, 8",          // c.fsd fa0,8(s1)
        "c3b8, sw, 0, 15, 14, 64",         // c.sw a4,64(a5)
        "e0c0, sd, 0, 9, 8, 128",          // c.sd s0,128(s1)
        "0001, nop, 0, 0, 0, 0",           // c.nop
        "1501, addi, 10, 10, 0, -32",      // c.addi a0,-32
        "25fd, addiw, 11, 11, 0, 31",      // c.addiw a1,31
        "52fd, addi, 5, 0, 0, -1",         // c.li t0,-1
        "7101, addi, 2, 2, 0, -512",       // c.addi16sp sp,-512
        "7685, lui, 13, 0, 0, -126976",    // c.lui a3,0xfffe1
        "937d, srli, 14, 14, 0, 63",       // c.srli a4,63
        "8785, srai, 15, 15, 0, 1",        // c.srai a5,1
        "987d, andi, 8, 8, 0, -1",         // c.andi s0,-1
        "8c89, sub, 9, 9, 10, 0",          // c.sub s1,a0
        "8db1, xor, 11, 11, 12, 0",        // c.xor a1,a2
        "8ed9, or, 13, 13, 14, 0",         // c.or a3,a4
        "8fe1, and, 15, 15, 8, 0",         // c.and a5,s0
        "9c05, subw, 8, 8, 9, 0",          // c.subw s0,s1
        "9d2d, addw, 10, 10, 11, 0",       // c.addw a0,a1
        "b001, jal, 0, 0, 0, -2048",       // c.j -2048
        "d101, beq, 0, 10, 0, -256",       // c.beqz a0,-256
        "ecfd, bne, 0, 9, 0, 254",         // c.bnez s1,254
        "1306, slli, 6, 6, 0, 33",         // c.slli t1,33
        "307e, fld, 0, 2, 0, 504",         // c.fldsp ft0,504(sp)
        "50fe, lw, 1, 2, 0, 252",          // c.lwsp ra,252(sp)
        "73fe, ld, 7, 2, 0, 504",          // c.ldsp t2,504(sp)
        "8082, jalr, 0, 1, 0, 0",          // c.jr ra
        "852e, add, 10, 0, 11, 0",         // c.mv a0,a1
        "9002, ebreak, 0, 0, 0, 0",        // c.ebreak
        "9282, jalr, 1, 5, 0, 0",          // c.jalr t0
        "994e, add, 18, 18, 19, 0",        // c.add s2,s3
        "bfa2, fsd, 0, 2, 8, 504",         // c.fsdsp fs0,504(sp)
        "dfd2, sw, 0, 2, 20, 252",         // c.swsp s4,252(sp)
        "ffd6, sd, 0, 2, 21, 504",         // c.sdsp s5,504(sp)
    })
    void when_compressedFormDecoded_then_itExpandsToItsBaseInstruction(String hex, String op, int rd, int rs1, int rs2, long imm) {
        Insn in = d(Integer.parseInt(hex, 16));
        assertThat(Op.name(in.op())).isEqualTo(op);
        assertThat(in.length()).isEqualTo(2);
        assertThat(new int[] {in.rd(), in.rs1(), in.rs2()}).containsExactly(rd, rs1, rs2);
        assertThat(in.imm()).isEqualTo(imm);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0000",  // the all-zero halfword
        "0000",
        "0004",  // c.addi4spn with imm 0
        "2001",  // c.addiw with rd 0 (reserved; C.JAL only on RV32)
        "6101",  // c.addi16sp with imm 0
        "6081",  // c.lui ra,0 (imm 0)
        "4002",  // c.lwsp zero
        "6002",  // c.ldsp zero
        "8002",  // c.jr zero
        "9c41",  // c.subw reserved slot (funct2 10 with bit 12)
        "9c61",  // reserved slot (funct2 11 with bit 12)
        "8000",  // quadrant 0 funct3 100: reserved
    })
    void when_reservedCompressedEncoding_then_illegal(String hex) {
        assertThat(d(Integer.parseInt(hex, 16)).op()).isEqualTo(Op.ILLEGAL);
    }

    @Test
    void when_hintEncodings_then_noOps() {
        assertThat(d(0x0005).op()).isEqualTo(Op.NOP); // c.addi zero,1 (HINT)
        assertThat(d(0x4005).op()).isEqualTo(Op.NOP); // c.li zero,1
        assertThat(d(0x802e).op()).isEqualTo(Op.NOP); // c.mv zero,a1
        assertThat(d(0x0002 | (1 << 12)).op()).isEqualTo(Op.NOP); // c.slli zero,32
        assertThat(d(0x00000013).op()).isEqualTo(Op.NOP); // addi zero,zero,0
        assertThat(d(0x00a00033).op()).isEqualTo(Op.NOP); // add zero,zero,a0
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "00a50533, add", "40a50533, sub", "02a50533, mul", "02a51533, mulh", "02a52533, mulhsu", "02a53533, mulhu",
        "02a54533, div", "02a55533, divu", "02a56533, rem", "02a57533, remu", "02a5053b, mulw", "02a5453b, divw",
        "02a5553b, divuw", "02a5653b, remw", "02a5753b, remuw", "03f51513, slli", "03f55513, srli", "43f55513, srai",
        "01f5151b, slliw", "01f5551b, srliw", "41f5551b, sraiw", "fff5051b, addiw", "00a5053b, addw", "40a5053b, subw",
        "00a5153b, sllw", "00a5553b, srlw", "40a5553b, sraw", "12345537, lui", "12345517, auipc", "008000ef, jal",
        "000500e7, jalr", "00a50463, beq", "00a57463, bgeu", "00050503, lb", "00056503, lwu", "00a53023, sd",
        "0ff0000f, fence", "0000100f, fence.i", "00000073, ecall", "00100073, ebreak",
        "1005252f, lr.w", "18a5352f, sc.d", "08a5252f, amoswap.w", "00a5352f, amoadd.d", "20a5252f, amoxor.w",
        "60a5352f, amoand.d", "40a5252f, amoor.w", "80a5352f, amomin.d", "a0a5252f, amomax.w", "c0a5352f, amominu.d",
        "e0a5252f, amomaxu.w", "06a5252f, amoadd.w", // amoadd.w.aqrl: aq/rl ignored
        "00202573, csrrs", "00159573, csrrw", "0030f573, csrrci", "c0002573, csrrs", "c0102573, csrrs",
        "00052507, flw", "00053507, fld", "00a52027, fsw", "00a53027, fsd", "60b50543, fmadd.s", "62b57547, fmsub.d",
        "62b5754b, fnmsub.d", "62b5754f, fnmadd.d", "00b57553, fadd.s", "02b57553, fadd.d", "0ab57553, fsub.d",
        "12b57553, fmul.d", "1ab57553, fdiv.d", "5a057553, fsqrt.d", "22b50553, fsgnj.d", "22b51553, fsgnjn.d",
        "22b52553, fsgnjx.d", "2ab50553, fmin.d", "2ab51553, fmax.d", "40157553, fcvt.s.d", "42057553, fcvt.d.s",
        "c2057553, fcvt.w.d", "c2157553, fcvt.wu.d", "c2257553, fcvt.l.d", "c2357553, fcvt.lu.d", "e2050553, fmv.x.d",
        "a2b52553, feq.d", "a2b51553, flt.d", "a2b50553, fle.d", "e2051553, fclass.d", "d2057553, fcvt.d.w",
        "d2357553, fcvt.d.lu", "f2050553, fmv.d.x", "e0050553, fmv.x.w", "f0050553, fmv.w.x", "c0057553, fcvt.w.s",
        "d0357553, fcvt.s.lu", "e0051553, fclass.s", "a0b52553, feq.s", "58057553, fsqrt.s", "28b51553, fmax.s",
    })
    void when_32BitEncodingDecoded_then_itsOperation(String hex, String op) {
        Insn in = d(Integer.parseUnsignedInt(hex, 16));
        assertThat(Op.name(in.op())).isEqualTo(op);
        assertThat(in.length()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "ffffffff, 48+ bit encoding",
        "02b55553, fadd.d with rm 5",
        "02b56553, fadd.d with rm 6",
        "04b57553, fadd with fmt H (10)",
        "06b57553, fadd with fmt Q (11)",
        "10a5252f, lr.w with rs2 != 0",
        "00a5452f, amo with funct3 100",
        "b0002573, csrr of mcycle (0xb00)",
        "c0001573, csrrw cycle (read-only)",
        "c0012573, csrrs cycle with rs1 != 0",
        "30200073, mret",
        "10500073, wfi",
        "04051513, slli with bit 26 set... shamt 64 on RV64 is reserved",
        "02a5153b, mulw slot funct3 1 (no M op)",
        "00007003, load funct3 111",
        "00004023, store funct3 100",
        "00002063, branch funct3 010",
        "00001067, jalr funct3 001",
        "0000200f, misc-mem funct3 010",
        "c4057553, fcvt.w.d with rs2 4",
    })
    void when_reservedOr32BitUnsupported_then_illegal(String hex, String what) {
        assertThat(d(Integer.parseUnsignedInt(hex, 16)).op()).as(what).isEqualTo(Op.ILLEGAL);
    }

    @Test
    void when_immediatesAreExtreme_then_signExtendedCorrectly() {
        assertThat(d(0x80000537).imm()).isEqualTo(0xffffffff80000000L); // lui a0,0x80000
        assertThat(d(0x800000ef).imm()).isEqualTo(-(1 << 20)); // jal ra,-1MiB
        assertThat(d(0x7ff0006f).imm()).isEqualTo(4094); // jal zero,+4094 (imm[10:1] all ones, imm[11] set)
        assertThat(d(0x80000063).imm()).isEqualTo(-4096); // beq zero,zero,-4096
        assertThat(d(0xfe000fa3).imm()).isEqualTo(-1); // sb zero,-1(zero)
        assertThat(d(0x80050513).imm()).isEqualTo(-2048); // addi a0,a0,-2048
    }

    @Test
    void when_staticAndDynamicRoundingModes_then_kept() {
        assertThat(d(0x02b57553).rm()).isEqualTo(7);
        assertThat(d(0x02b51553).rm()).isEqualTo(1);
        assertThat(d(0xc2051553).rm()).isEqualTo(1); // fcvt.w.d rtz
    }

    @Test
    void when_anyHalfwordOrRandomWordDecoded_then_neverThrowsAndLengthMatchesTheLowBits() {
        for (int hw = 0; hw < 0x10000; hw++) {
            if ((hw & 3) != 3) {
                Insn in = d(hw);
                assertThat(in.length()).isEqualTo(2);
                assertThat(in.op()).isBetween(0, Op.COUNT - 1);
            }
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(99);
        for (int k = 0; k < 500_000; k++) {
            int w = rnd.nextInt() | 3;
            Insn in = d(w);
            assertThat(in.length()).isEqualTo(4);
            assertThat(in.op()).isBetween(0, Op.COUNT - 1);
            assertThat(in.rd() | in.rs1() | in.rs2() | in.rs3()).isBetween(0, 31);
        }
    }
}

package io.procshare.node.guest.riscv.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import io.procshare.node.guest.riscv.Hart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** F and D corner cases on Fpu, and its fast paths checked against the exact SoftFloat. */
class FpuTest {

    static final int NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;
    static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;
    static final long QNAN_D = 0x7ff8000000000000L, SNAN_D = 0x7ff4000000000000L;
    static final long QNAN_S = 0xffffffff7fc00000L, SNAN_S = 0xffffffff7fa00000L;

    Hart h;
    Fpu fpu;

    @BeforeEach
    void setUp() {
        h = new Hart();
        fpu = new Fpu(h);
    }

    static long d(double v) {
        return Double.doubleToRawLongBits(v);
    }

    static long s(float v) {
        return 0xffffffff00000000L | (Float.floatToRawIntBits(v) & 0xffffffffL);
    }

    int flags() {
        int f = h.fcsr & 31;
        h.fcsr &= ~31;
        return f;
    }

    @Test
    void when_singleIsNotNanBoxed_then_itReadsAsCanonicalNaN() {
        long unboxed = Float.floatToRawIntBits(1.0f) & 0xffffffffL;
        assertThat(fpu.addS(unboxed, s(1f), RNE)).isEqualTo(QNAN_S);
        assertThat(flags()).isZero(); // the canonical NaN is quiet
        assertThat(Fpu.classifyS(unboxed)).isEqualTo(1 << 9);
        assertThat(Fpu.sgnjS(unboxed, s(-1f), 0)).isEqualTo(0xffffffffffc00000L);
    }

    @Test
    void when_nanOperand_then_canonicalNaNAndNvOnlyForSignalling() {
        assertThat(fpu.addD(0xfff8000000000123L, d(1), RNE)).isEqualTo(QNAN_D);
        assertThat(flags()).isZero();
        assertThat(fpu.mulD(SNAN_D, d(1), RNE)).isEqualTo(QNAN_D);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.divS(SNAN_S, s(2f), RNE)).isEqualTo(QNAN_S);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.sToD(SNAN_S)).isEqualTo(QNAN_D);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.dToS(0x7ff0000000000001L, RNE)).isEqualTo(QNAN_S);
        assertThat(flags()).isEqualTo(NV);
    }

    @Test
    void when_minMaxOfSignedZerosAndNaNs_then_asIeee754_2019() {
        assertThat(fpu.minMaxD(d(0.0), d(-0.0), false)).isEqualTo(d(-0.0));
        assertThat(fpu.minMaxD(d(-0.0), d(0.0), true)).isEqualTo(d(0.0));
        assertThat(fpu.minMaxD(QNAN_D, d(3), false)).isEqualTo(d(3));
        assertThat(flags()).isZero();
        assertThat(fpu.minMaxD(SNAN_D, d(3), true)).isEqualTo(d(3));
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.minMaxD(SNAN_D, QNAN_D, true)).isEqualTo(QNAN_D);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.minMaxS(s(-0f), s(0f), false)).isEqualTo(s(-0f));
        assertThat(fpu.minMaxS(SNAN_S, s(-2f), false)).isEqualTo(s(-2f));
        assertThat(flags()).isEqualTo(NV);
    }

    @Test
    void when_compared_then_feqQuietAndFltFleSignalling() {
        assertThat(fpu.compareD(QNAN_D, d(1), 0)).isZero();
        assertThat(flags()).isZero();
        assertThat(fpu.compareD(SNAN_D, d(1), 0)).isZero();
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.compareD(QNAN_D, d(1), 1)).isZero();
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.compareD(d(-0.0), d(0.0), 0)).isEqualTo(1);
        assertThat(fpu.compareD(d(-0.0), d(0.0), 1)).isZero();
        assertThat(fpu.compareS(s(1f), s(2f), 2)).isEqualTo(1);
    }

    @Test
    void when_classified_then_oneOfTenBits() {
        long[] in = {d(Double.NEGATIVE_INFINITY), d(-1), d(-Double.MIN_VALUE), d(-0.0), d(0.0), d(Double.MIN_VALUE), d(1),
            d(Double.POSITIVE_INFINITY), SNAN_D, QNAN_D};
        for (int i = 0; i < in.length; i++) {
            assertThat(Fpu.classifyD(in[i])).isEqualTo(1L << i);
        }
    }

    @Test
    void when_convertedToIntegers_then_saturateWithNvPerRoundingMode() {
        assertThat(fpu.toIntD(d(2.5), false, false, RNE)).isEqualTo(2);
        assertThat(flags()).isEqualTo(NX);
        assertThat(fpu.toIntD(d(2.5), false, false, RMM)).isEqualTo(3);
        assertThat(fpu.toIntD(d(-2.5), false, false, RDN)).isEqualTo(-3);
        assertThat(fpu.toIntD(d(-2.5), false, false, RUP)).isEqualTo(-2);
        assertThat(fpu.toIntD(d(-2.5), false, false, RTZ)).isEqualTo(-2);
        flags();
        assertThat(fpu.toIntD(d(3e9), false, false, RNE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.toIntD(d(-3e9), false, false, RNE)).isEqualTo(Integer.MIN_VALUE);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.toIntD(QNAN_D, false, true, RNE)).isEqualTo(Long.MAX_VALUE);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.toIntD(d(Double.NEGATIVE_INFINITY), true, true, RNE)).isZero();
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.toIntD(d(-0.4), true, true, RNE)).isZero();
        assertThat(flags()).isEqualTo(NX); // rounds to 0: in range
        assertThat(fpu.toIntD(d(-0.6), true, true, RNE)).isZero();
        assertThat(flags()).isEqualTo(NV); // rounds to -1: out of range
        assertThat(fpu.toIntD(d(-0.6), true, true, RTZ)).isZero();
        assertThat(flags()).isEqualTo(NX);
        assertThat(fpu.toIntD(d(4294967295.4), true, false, RNE)).isEqualTo(-1L); // WU: 0xffffffff sign-extended
        assertThat(fpu.toIntD(d(4294967295.6), true, false, RNE)).isEqualTo(-1L);
        assertThat(flags()).isEqualTo(NX | NV);
        assertThat(fpu.toIntD(d(2147483647.5), false, false, RNE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.toIntD(d(2147483647.5), false, false, RTZ)).isEqualTo(Integer.MAX_VALUE);
        assertThat(flags()).isEqualTo(NX);
        assertThat(fpu.toIntS(s(1e19f), true, true, RNE)).isEqualTo(Long.parseUnsignedLong("9999999980506447872")); // 1e19f exactly
        assertThat(fpu.toIntS(s(-1f), false, true, RNE)).isEqualTo(-1);
    }

    @Test
    void when_fmaddIsFused_then_theProductIsNotRoundedFirst() {
        double a = 1 + 0x1p-52, b = 1 - 0x1p-53;
        long fused = fpu.fmaD(d(a), d(b), d(-1), false, false, RNE);
        assertThat(Double.longBitsToDouble(fused)).isEqualTo(0x1p-52 - 0x1p-53 - 0x1p-105);
        long unfused = fpu.addD(fpu.mulD(d(a), d(b), RNE), d(-1), RNE);
        assertThat(Double.longBitsToDouble(unfused)).isEqualTo(0.0); // the rounded product is exactly 1
        flags();
        assertThat(fpu.fmaD(d(0), d(Double.POSITIVE_INFINITY), QNAN_D, false, false, RNE)).isEqualTo(QNAN_D);
        assertThat(flags()).isEqualTo(NV); // 0 * inf + qNaN is invalid
        assertThat(fpu.fmaD(d(Double.POSITIVE_INFINITY), d(1), d(Double.NEGATIVE_INFINITY), false, false, RNE)).isEqualTo(QNAN_D);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.fmaD(d(2), d(3), d(1), true, true, RNE)).isEqualTo(d(-7)); // fnmadd
        assertThat(fpu.fmaD(d(2), d(3), d(1), false, true, RNE)).isEqualTo(d(5)); // fmsub
        assertThat(fpu.fmaD(d(2), d(3), d(1), true, false, RNE)).isEqualTo(d(-5)); // fnmsub
        assertThat(fpu.fmaS(s(1 + 0x1p-23f), s(1 - 0x1p-24f), s(-1f), false, false, RNE))
                .isEqualTo(s(0x1p-23f - 0x1p-24f - 0x1p-47f));
    }

    @Test
    void when_eachOpRaisesItsFlag_then_fflagsAccumulateIt() {
        fpu.divD(d(1), d(0), RNE);
        assertThat(flags()).isEqualTo(DZ);
        fpu.divD(d(0), d(0), RNE);
        assertThat(flags()).isEqualTo(NV);
        fpu.mulD(d(Double.MAX_VALUE), d(2), RNE);
        assertThat(flags()).isEqualTo(OF | NX);
        assertThat(fpu.mulD(d(Double.MAX_VALUE), d(2), RTZ)).isEqualTo(d(Double.MAX_VALUE));
        assertThat(flags()).isEqualTo(OF | NX);
        fpu.mulD(d(Double.MIN_NORMAL), d(0.5), RNE); // exact subnormal: no underflow
        assertThat(flags()).isZero();
        fpu.mulD(d(Double.MIN_NORMAL), d(1.0 / 3), RNE);
        assertThat(flags()).isEqualTo(UF | NX);
        fpu.sqrtD(d(-1), RNE);
        assertThat(flags()).isEqualTo(NV);
        assertThat(fpu.sqrtD(d(-0.0), RNE)).isEqualTo(d(-0.0));
        assertThat(flags()).isZero();
        fpu.addS(s(1f), s(0x1p-30f), RNE);
        assertThat(flags()).isEqualTo(NX);
        fpu.dToS(d(1e300), RNE);
        assertThat(flags()).isEqualTo(OF | NX);
        fpu.fromIntS(16777217, false, false, RNE);
        assertThat(flags()).isEqualTo(NX);
    }

    @Test
    void when_tinyAfterRoundingOnly_then_underflowFollowsRiscvTininessAfterRounding() {
        // (1 + 2^-52) * (2^-1022 - 2^-1074) = 2^-1022 - 2^-1126: below MIN_NORMAL, but rounded to 53 bits
        // with an unbounded exponent it is MIN_NORMAL, so not tiny after rounding: no UF in RNE
        double x = 1 + 0x1p-52;
        double y = Double.longBitsToDouble(0x000fffffffffffffL);
        long r = fpu.mulD(d(x), d(y), RNE);
        assertThat(r).isEqualTo(d(Double.MIN_NORMAL));
        assertThat(flags()).isEqualTo(NX);
        // rounded toward zero it stays below MIN_NORMAL: tiny and inexact
        fpu.mulD(d(x), d(y), RTZ);
        assertThat(flags()).isEqualTo(UF | NX);
    }

    @Test
    void when_roundingModesDiffer_then_resultsDirected() {
        assertThat(Double.longBitsToDouble(fpu.divD(d(1), d(3), RDN))).isEqualTo(1.0 / 3); // RNE rounds 1/3 down too
        assertThat(Double.longBitsToDouble(fpu.divD(d(1), d(3), RUP))).isEqualTo(Math.nextUp(1.0 / 3));
        assertThat(Double.longBitsToDouble(fpu.divD(d(2), d(3), RUP)))
                .isEqualTo(Math.nextUp(Double.longBitsToDouble(fpu.divD(d(2), d(3), RDN)))); // one ulp apart
        assertThat(fpu.divD(d(-1), d(3), RTZ)).isEqualTo(fpu.divD(d(-1), d(3), RUP));
        assertThat(fpu.addD(d(1), d(-1), RDN)).isEqualTo(d(-0.0));
        assertThat(fpu.addD(d(1), d(-1), RNE)).isEqualTo(d(0.0));
        assertThat(fpu.addS(s(1f), s(0x1p-24f), RMM)).isEqualTo(s(1 + 0x1p-23f));
        assertThat(fpu.addS(s(1f), s(0x1p-24f), RNE)).isEqualTo(s(1f));
    }

    @Test
    void when_dynamicRoundingModeReserved_then_illegalInstruction() {
        h.fcsr = 5 << 5;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fpu.rm(7))
                .isInstanceOf(IllegalInstructionException.class).hasMessageContaining("frm=5");
        h.fcsr = 3 << 5;
        assertThat(fpu.rm(7)).isEqualTo(RUP);
        assertThat(fpu.rm(RTZ)).isEqualTo(RTZ);
    }

    /** The RNE fast paths agree with the exact path, bits and flags, on random operands of every scale. */
    @Test
    void when_fastPathTaken_then_sameBitsAndFlagsAsExactArithmetic() {
        SplittableRandom rnd = new SplittableRandom(12345);
        SoftFloat sf = new SoftFloat();
        for (int k = 0; k < 200_000; k++) {
            long a = randomDouble(rnd), b = randomDouble(rnd), c = randomDouble(rnd);
            int op = k % 5;
            long fast = switch (op) {
                case 0 -> fpu.addD(a, b, RNE);
                case 1 -> fpu.mulD(a, b, RNE);
                case 2 -> fpu.divD(a, b, RNE);
                case 3 -> fpu.sqrtD(a, RNE);
                default -> fpu.fmaD(a, b, c, false, false, RNE);
            };
            long exact = switch (op) {
                case 0 -> sf.add(SoftFloat.F64, a, b, RNE);
                case 1 -> sf.mul(SoftFloat.F64, a, b, RNE);
                case 2 -> sf.div(SoftFloat.F64, a, b, RNE);
                case 3 -> sf.sqrt(SoftFloat.F64, a, RNE);
                default -> sf.fma(SoftFloat.F64, a, b, c, false, false, RNE);
            };
            assertThat(fast).as("op %d on %x %x %x", op, a, b, c).isEqualTo(exact);
            assertThat(flags()).as("flags of op %d on %x %x %x", op, a, b, c).isEqualTo(sf.flags);
            sf.flags = 0;
            long fa = randomSingle(rnd), fb = randomSingle(rnd), fc = randomSingle(rnd);
            long fastS = switch (op) {
                case 0 -> fpu.addS(fa, fb, RNE);
                case 1 -> fpu.mulS(fa, fb, RNE);
                case 2 -> fpu.divS(fa, fb, RNE);
                case 3 -> fpu.sqrtS(fa, RNE);
                default -> fpu.fmaS(fa, fb, fc, false, false, RNE);
            };
            long ua = fa & 0xffffffffL, ub = fb & 0xffffffffL, uc = fc & 0xffffffffL;
            long exactS = 0xffffffff00000000L | switch (op) {
                case 0 -> sf.add(SoftFloat.F32, ua, ub, RNE);
                case 1 -> sf.mul(SoftFloat.F32, ua, ub, RNE);
                case 2 -> sf.div(SoftFloat.F32, ua, ub, RNE);
                case 3 -> sf.sqrt(SoftFloat.F32, ua, RNE);
                default -> sf.fma(SoftFloat.F32, ua, ub, uc, false, false, RNE);
            };
            assertThat(fastS).as("single op %d on %x %x %x", op, fa, fb, fc).isEqualTo(exactS);
            assertThat(flags()).as("single flags of op %d on %x %x %x", op, fa, fb, fc).isEqualTo(sf.flags);
            sf.flags = 0;
        }
    }

    private static long randomDouble(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextLong(); // any pattern, NaNs and subnormals included
            case 1 -> d(r.nextInt(-1000, 1000) / 8.0); // exact small values
            case 2 -> d(Math.scalb(r.nextDouble(), r.nextInt(-1074, 1024)) * (r.nextBoolean() ? 1 : -1));
            case 3 -> d(r.nextDouble() * 4 - 2);
            case 4 -> d(1 + r.nextInt(16) * 0x1p-52);
            default -> d(Math.scalb(1.0, r.nextInt(-1074, 1024)));
        };
    }

    private static long randomSingle(SplittableRandom r) {
        float v = switch (r.nextInt(5)) {
            case 0 -> Float.intBitsToFloat(r.nextInt());
            case 1 -> r.nextInt(-1000, 1000) / 8f;
            case 2 -> Math.scalb((float) r.nextDouble(), r.nextInt(-149, 128));
            case 3 -> (float) (r.nextDouble() * 4 - 2);
            default -> 1 + r.nextInt(16) * 0x1p-23f;
        };
        return s(v);
    }
}

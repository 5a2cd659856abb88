package io.procshare.node.guest.riscv.engine;

import io.procshare.node.guest.riscv.Hart;

/**
 * The F and D operations of one hart, on raw register bits, accumulating fflags into the hart's
 * fcsr. Round-to-nearest-even on normal results (what compiled code does almost always) uses
 * Java's arithmetic, which rounds the same way, and finds inexactness with error-free
 * transformations (TwoSum; an FMA residual for products, quotients and roots); every other case
 * (another rounding mode, a subnormal, zero or overflowing result, a NaN or infinite operand) goes
 * to the exact {@link SoftFloat}.
 *
 * <p>Singles live NaN-boxed in the f registers: an operand whose upper 32 bits are not all ones
 * reads as the canonical NaN, and every single result is boxed.
 */
final class Fpu {

    static final long BOX = 0xffffffff00000000L;
    static final long CANONICAL_NAN_S = BOX | 0x7fc00000L;
    static final long CANONICAL_NAN_D = 0x7ff8000000000000L;
    private static final double TINY_D = 0x1p-960, HUGE_D = 0x1p960;

    private final Hart h;
    private final SoftFloat sf = new SoftFloat();

    Fpu(Hart h) {
        this.h = h;
    }

    /** The effective rounding mode: a static one, or frm for 7; a reserved frm makes the instruction illegal. */
    int rm(int rm) {
        if (rm == 7) {
            rm = (h.fcsr >>> 5) & 7;
            if (rm > 4) {
                throw new IllegalInstructionException(-1, 0, "the dynamic rounding mode frm=" + rm + " is reserved");
            }
        }
        return rm;
    }

    static long unbox(long v) {
        return (v & BOX) == BOX ? v & 0xffffffffL : 0x7fc00000L;
    }

    static long box(long v) {
        return v | BOX;
    }

    private void raise(int flags) {
        h.fcsr |= flags;
    }

    private long slow32(long r) {
        raise(sf.flags);
        sf.flags = 0;
        return box(r);
    }

    private long slow64(long r) {
        raise(sf.flags);
        sf.flags = 0;
        return r;
    }

    private static boolean normalD(double r) {
        double a = Math.abs(r);
        return a >= TINY_D && a <= HUGE_D;
    }

    private static boolean normalS(float r) {
        float a = Math.abs(r);
        return a > Float.MIN_NORMAL && a <= Float.MAX_VALUE; // not exactly MIN_NORMAL: it may be tiny before rounding to it
    }

    // ---- double ---------------------------------------------------------------------------

    long addD(long ab, long bb, int rm) {
        double a = Double.longBitsToDouble(ab), b = Double.longBitsToDouble(bb);
        double r = a + b;
        if (rm == SoftFloat.RNE && normalD(r)) {
            double bv = r - a;
            double err = (a - (r - bv)) + (b - bv);
            if (err != 0) {
                raise(SoftFloat.NX);
            }
            return Double.doubleToRawLongBits(r);
        }
        return slow64(sf.add(SoftFloat.F64, ab, bb, rm));
    }

    long subD(long a, long b, int rm) {
        return addD(a, Double.isNaN(Double.longBitsToDouble(b)) ? b : b ^ Long.MIN_VALUE, rm);
    }

    long mulD(long ab, long bb, int rm) {
        double a = Double.longBitsToDouble(ab), b = Double.longBitsToDouble(bb);
        double r = a * b;
        if (rm == SoftFloat.RNE && normalD(r)) {
            if (Math.fma(a, b, -r) != 0) {
                raise(SoftFloat.NX);
            }
            return Double.doubleToRawLongBits(r);
        }
        return slow64(sf.mul(SoftFloat.F64, ab, bb, rm));
    }

    long divD(long ab, long bb, int rm) {
        double a = Double.longBitsToDouble(ab), b = Double.longBitsToDouble(bb);
        double r = a / b;
        if (rm == SoftFloat.RNE && normalD(r) && normalD(a) && normalD(b)) {
            if (Math.fma(-r, b, a) != 0) {
                raise(SoftFloat.NX);
            }
            return Double.doubleToRawLongBits(r);
        }
        return slow64(sf.div(SoftFloat.F64, ab, bb, rm));
    }

    long sqrtD(long ab, int rm) {
        double a = Double.longBitsToDouble(ab);
        if (rm == SoftFloat.RNE && a > 0 && normalD(a)) {
            double r = Math.sqrt(a);
            if (Math.fma(r, r, -a) != 0) {
                raise(SoftFloat.NX);
            }
            return Double.doubleToRawLongBits(r);
        }
        return slow64(sf.sqrt(SoftFloat.F64, ab, rm));
    }

    /** (±a*b) ± c, fused. */
    long fmaD(long ab, long bb, long cb, boolean negProduct, boolean negC, int rm) {
        double a = Double.longBitsToDouble(ab), b = Double.longBitsToDouble(bb), c = Double.longBitsToDouble(cb);
        if (rm == SoftFloat.RNE) {
            double p = a * b;
            if ((a == 0 || b == 0) && Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c)) {
                // an exactly zero product: the sum is c, or a signed zero by the RNE rules Java follows
                return Double.doubleToRawLongBits((negProduct ? -p : p) + (negC ? -c : c));
            }
            if (normalD(p) && Math.fma(a, b, -p) == 0 && (c == 0 || normalD(c))) {
                // the product is exact: the fused result is the rounded sum of two doubles
                if (negProduct) {
                    p = -p;
                }
                if (negC) {
                    c = -c;
                }
                double r = p + c;
                if (normalD(r)) {
                    double bv = r - p;
                    if ((p - (r - bv)) + (c - bv) != 0) {
                        raise(SoftFloat.NX);
                    }
                    return Double.doubleToRawLongBits(r);
                }
            }
        }
        return slow64(sf.fma(SoftFloat.F64, ab, bb, cb, negProduct, negC, rm));
    }

    // ---- single ---------------------------------------------------------------------------

    long addS(long ab, long bb, int rm) {
        ab = unbox(ab);
        bb = unbox(bb);
        if (rm == SoftFloat.RNE) {
            double a = Float.intBitsToFloat((int) ab), b = Float.intBitsToFloat((int) bb);
            double d = a + b;
            float r = (float) d;
            if (normalS(r)) {
                double bv = d - a;
                if ((a - (d - bv)) + (b - bv) != 0 || r != d) {
                    raise(SoftFloat.NX);
                }
                return box(Float.floatToRawIntBits(r) & 0xffffffffL);
            }
        }
        return slow32(sf.add(SoftFloat.F32, ab, bb, rm));
    }

    long subS(long ab, long bb, int rm) {
        bb = unbox(bb);
        return addS(ab, box(Float.isNaN(Float.intBitsToFloat((int) bb)) ? bb : bb ^ 0x80000000L), rm);
    }

    long mulS(long ab, long bb, int rm) {
        ab = unbox(ab);
        bb = unbox(bb);
        if (rm == SoftFloat.RNE) {
            double d = (double) Float.intBitsToFloat((int) ab) * Float.intBitsToFloat((int) bb); // exact
            float r = (float) d;
            if (normalS(r)) {
                if (r != d) {
                    raise(SoftFloat.NX);
                }
                return box(Float.floatToRawIntBits(r) & 0xffffffffL);
            }
        }
        return slow32(sf.mul(SoftFloat.F32, ab, bb, rm));
    }

    long divS(long ab, long bb, int rm) {
        ab = unbox(ab);
        bb = unbox(bb);
        if (rm == SoftFloat.RNE) {
            double a = Float.intBitsToFloat((int) ab), b = Float.intBitsToFloat((int) bb);
            double d = a / b; // rounding twice is innocuous: 53 >= 2 * 24 + 2
            float r = (float) d;
            if (normalS(r) && b != 0 && !Double.isInfinite(b) && !Double.isNaN(a)) {
                if (r != d || Math.fma(-d, b, a) != 0) {
                    raise(SoftFloat.NX);
                }
                return box(Float.floatToRawIntBits(r) & 0xffffffffL);
            }
        }
        return slow32(sf.div(SoftFloat.F32, ab, bb, rm));
    }

    long sqrtS(long ab, int rm) {
        ab = unbox(ab);
        double a = Float.intBitsToFloat((int) ab);
        if (rm == SoftFloat.RNE && a > 0 && normalS((float) a)) {
            double d = Math.sqrt(a);
            float r = (float) d;
            if (r != d || Math.fma(d, d, -a) != 0) {
                raise(SoftFloat.NX);
            }
            return box(Float.floatToRawIntBits(r) & 0xffffffffL);
        }
        return slow32(sf.sqrt(SoftFloat.F32, ab, rm));
    }

    long fmaS(long ab, long bb, long cb, boolean negProduct, boolean negC, int rm) {
        ab = unbox(ab);
        bb = unbox(bb);
        cb = unbox(cb);
        if (rm == SoftFloat.RNE) {
            double a = Float.intBitsToFloat((int) ab), b = Float.intBitsToFloat((int) bb), c = Float.intBitsToFloat((int) cb);
            double p = a * b; // exact
            if (negProduct) {
                p = -p;
            }
            if (negC) {
                c = -c;
            }
            double s = p + c;
            if (normalS((float) s) && (p == 0 || Math.abs(p) >= 0x1p-900) && !Double.isNaN(c)) {
                double bv = s - p;
                double err = (p - (s - bv)) + (c - bv);
                if (err != 0 && (Double.doubleToRawLongBits(s) & 1) == 0) {
                    s = Math.nextAfter(s, err > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY); // round to odd
                }
                float r = (float) s;
                if (normalS(r)) {
                    if (err != 0 || r != s) {
                        raise(SoftFloat.NX);
                    }
                    return box(Float.floatToRawIntBits(r) & 0xffffffffL);
                }
            }
        }
        return slow32(sf.fma(SoftFloat.F32, ab, bb, cb, negProduct, negC, rm));
    }

    // ---- conversions ----------------------------------------------------------------------

    long toIntD(long a, boolean unsigned, boolean wide, int rm) {
        long r = toIntFast(Double.longBitsToDouble(a), unsigned, rm);
        if (r != Long.MIN_VALUE) {
            return r;
        }
        return slow64(sf.toInt(SoftFloat.F64, a, unsigned, wide, rm));
    }

    long toIntS(long a, boolean unsigned, boolean wide, int rm) {
        a = unbox(a);
        long r = toIntFast(Float.intBitsToFloat((int) a), unsigned, rm);
        if (r != Long.MIN_VALUE) {
            return r;
        }
        return slow64(sf.toInt(SoftFloat.F32, a, unsigned, wide, rm));
    }

    /**
     * A value well inside every target range (|a| < 2^31, and not negative for an unsigned target)
     * rounded by Java; Long.MIN_VALUE when the exact path must decide.
     */
    private long toIntFast(double a, boolean unsigned, int rm) {
        if (!(Math.abs(a) < 0x1p31 - 1) || (unsigned && a < 0)) {
            return Long.MIN_VALUE;
        }
        double r = switch (rm) {
            case SoftFloat.RNE -> Math.rint(a);
            case SoftFloat.RTZ -> (double) (long) a;
            case SoftFloat.RDN -> Math.floor(a);
            case SoftFloat.RUP -> Math.ceil(a);
            default -> Double.NaN;
        };
        if (Double.isNaN(r) || (unsigned && r < 0)) {
            return Long.MIN_VALUE;
        }
        if (r != a) {
            raise(SoftFloat.NX);
        }
        return (long) r;
    }

    long fromIntD(long v, boolean unsigned, boolean wide, int rm) {
        if (!unsigned && (!wide || (v > -(1L << 53) && v < (1L << 53)))) {
            return Double.doubleToRawLongBits(wide ? (double) v : (double) (int) v); // exact
        }
        return slow64(sf.fromInt(SoftFloat.F64, v, unsigned, wide, rm));
    }

    long fromIntS(long v, boolean unsigned, boolean wide, int rm) {
        long n = wide ? v : unsigned ? v & 0xffffffffL : (int) v;
        if (n > -(1 << 24) && n < (1 << 24) && !(unsigned && wide && v < 0)) {
            return box(Float.floatToRawIntBits((float) n) & 0xffffffffL); // exact
        }
        return slow32(sf.fromInt(SoftFloat.F32, v, unsigned, wide, rm));
    }

    long dToS(long a, int rm) {
        return slow32(sf.convert(SoftFloat.F64, SoftFloat.F32, a, rm));
    }

    long sToD(long a) {
        return slow64(sf.convert(SoftFloat.F32, SoftFloat.F64, unbox(a), SoftFloat.RNE));
    }

    // ---- sign injection, min/max, compare, classify ----------------------------------------

    static long sgnjS(long a, long b, int kind) {
        a = unbox(a);
        b = unbox(b);
        long s = switch (kind) {
            case 0 -> b;
            case 1 -> ~b;
            default -> a ^ b;
        };
        return box((a & 0x7fffffffL) | (s & 0x80000000L));
    }

    static long sgnjD(long a, long b, int kind) {
        long s = switch (kind) {
            case 0 -> b;
            case 1 -> ~b;
            default -> a ^ b;
        };
        return (a & Long.MAX_VALUE) | (s & Long.MIN_VALUE);
    }

    /** FMIN/FMAX (IEEE 754-2019 minimumNumber/maximumNumber): -0 < +0, a NaN loses to a number. */
    private long minMax(SoftFloat.Fmt f, long a, long b, boolean max) {
        boolean an = f.isNaN(a), bn = f.isNaN(b);
        if (f.isSNaN(a) || f.isSNaN(b)) {
            raise(SoftFloat.NV);
        }
        if (an && bn) {
            return f.qnan();
        }
        if (an) {
            return b;
        }
        if (bn) {
            return a;
        }
        boolean less = lessThan(f, a, b) || (f.isZero(a) && f.isZero(b) && f.neg(a) && !f.neg(b));
        return less != max ? a : b;
    }

    private static boolean lessThan(SoftFloat.Fmt f, long a, long b) {
        if (f == SoftFloat.F64) {
            return Double.longBitsToDouble(a) < Double.longBitsToDouble(b);
        }
        return Float.intBitsToFloat((int) a) < Float.intBitsToFloat((int) b);
    }

    long minMaxD(long a, long b, boolean max) {
        return minMax(SoftFloat.F64, a, b, max);
    }

    long minMaxS(long a, long b, boolean max) {
        return box(minMax(SoftFloat.F32, unbox(a), unbox(b), max));
    }

    /** FEQ (quiet: NV only for a signalling NaN), FLT and FLE (signalling: NV for any NaN). */
    private long compare(SoftFloat.Fmt f, long a, long b, int kind) {
        boolean an = f.isNaN(a), bn = f.isNaN(b);
        if (an || bn) {
            if (kind != 0 || f.isSNaN(a) || f.isSNaN(b)) {
                raise(SoftFloat.NV);
            }
            return 0;
        }
        double x = f == SoftFloat.F64 ? Double.longBitsToDouble(a) : Float.intBitsToFloat((int) a);
        double y = f == SoftFloat.F64 ? Double.longBitsToDouble(b) : Float.intBitsToFloat((int) b);
        return switch (kind) {
            case 0 -> x == y ? 1 : 0;
            case 1 -> x < y ? 1 : 0;
            default -> x <= y ? 1 : 0;
        };
    }

    long compareD(long a, long b, int kind) {
        return compare(SoftFloat.F64, a, b, kind);
    }

    long compareS(long a, long b, int kind) {
        return compare(SoftFloat.F32, unbox(a), unbox(b), kind);
    }

    /** FCLASS: one bit of ten, -inf (0) .. +inf (7), sNaN (8), qNaN (9). */
    static long classify(SoftFloat.Fmt f, long a) {
        boolean neg = f.neg(a);
        if (f.isNaN(a)) {
            return f.isSNaN(a) ? 1 << 8 : 1 << 9;
        }
        if (f.isInf(a)) {
            return neg ? 1 : 1 << 7;
        }
        if (f.isZero(a)) {
            return neg ? 1 << 3 : 1 << 4;
        }
        boolean sub = (a & f.expMask()) == 0;
        return neg ? (sub ? 1 << 2 : 1 << 1) : (sub ? 1 << 5 : 1 << 6);
    }

    static long classifyS(long a) {
        return classify(SoftFloat.F32, unbox(a));
    }

    static long classifyD(long a) {
        return classify(SoftFloat.F64, a);
    }
}

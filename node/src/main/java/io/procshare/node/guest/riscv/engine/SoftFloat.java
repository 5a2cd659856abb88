package io.procshare.node.guest.riscv.engine;

import java.math.BigInteger;

/**
 * Exact IEEE 754 binary32/binary64 arithmetic for every RISC-V rounding mode, with the exception
 * flags as the unprivileged spec defines them (chapter 11: canonical NaN results, tininess detected
 * after rounding, underflow only when inexact). Each operation computes the exact result as an
 * integer significand and a power of two (a sticky bit for the quotient and the square root) and
 * rounds it once. It is the engine's slow path: {@link Fpu} answers the common cases with Java's
 * round-to-nearest arithmetic and error-free transformations, and comes here for the rest.
 *
 * <p>Values are raw bit patterns: binary32 in the low 32 bits of a long. Flags are returned ORed
 * into {@link #flags}, an instance field so that the slow path allocates nothing shared.
 */
final class SoftFloat {

    static final int NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16;
    static final int RNE = 0, RTZ = 1, RDN = 2, RUP = 3, RMM = 4;

    /** A format: precision p (with the hidden bit), exponent bits, bias. */
    record Fmt(int p, int ebits, int bias) {
        int emin() {
            return 1 - bias;
        }

        int emax() {
            return bias;
        }

        long qnan() {
            return p == 24 ? 0x7fc00000L : 0x7ff8000000000000L;
        }

        long signBit() {
            return 1L << (p + ebits - 1);
        }

        long expMask() {
            return ((1L << ebits) - 1) << (p - 1);
        }

        long fracMask() {
            return (1L << (p - 1)) - 1;
        }

        long inf(boolean neg) {
            return expMask() | (neg ? signBit() : 0);
        }

        long zero(boolean neg) {
            return neg ? signBit() : 0;
        }

        long maxFinite(boolean neg) {
            return (expMask() - (1L << (p - 1))) | fracMask() | (neg ? signBit() : 0);
        }

        boolean isNaN(long v) {
            return (v & expMask()) == expMask() && (v & fracMask()) != 0;
        }

        boolean isSNaN(long v) {
            return isNaN(v) && (v & (1L << (p - 2))) == 0;
        }

        boolean isInf(long v) {
            return (v & (expMask() | fracMask())) == expMask();
        }

        boolean isZero(long v) {
            return (v & (expMask() | fracMask())) == 0;
        }

        boolean neg(long v) {
            return (v & signBit()) != 0;
        }

        /** Significand of a finite value (hidden bit included), value = sig * 2^exp(v). */
        long sig(long v) {
            long e = (v & expMask()) >>> (p - 1);
            return e == 0 ? v & fracMask() : (v & fracMask()) | (1L << (p - 1));
        }

        int exp(long v) {
            int e = (int) ((v & expMask()) >>> (p - 1));
            return (e == 0 ? 1 : e) - bias - (p - 1);
        }
    }

    static final Fmt F32 = new Fmt(24, 8, 127);
    static final Fmt F64 = new Fmt(53, 11, 1023);

    int flags;

    // ---- rounding -------------------------------------------------------------------------

    private boolean inexact;

    /** M (> 0, plus sticky below) shifted right by {@code shift} bits and rounded by rm. */
    private BigInteger roundShift(BigInteger m, int shift, boolean sticky, boolean neg, int rm) {
        BigInteger q;
        int cmp; // discarded part against half an ulp
        if (shift <= 0) {
            q = m.shiftLeft(-shift);
            cmp = sticky ? -1 : -2;
        } else {
            q = m.shiftRight(shift);
            BigInteger rem = m.subtract(q.shiftLeft(shift));
            if (rem.signum() == 0) {
                cmp = sticky ? -1 : -2;
            } else {
                cmp = rem.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
                if (cmp == 0 && sticky) {
                    cmp = 1;
                }
            }
        }
        inexact = cmp != -2;
        if (!inexact) {
            return q;
        }
        boolean up = switch (rm) {
            case RNE -> cmp > 0 || (cmp == 0 && q.testBit(0));
            case RMM -> cmp >= 0;
            case RUP -> !neg;
            case RDN -> neg;
            default -> false;
        };
        return up ? q.add(BigInteger.ONE) : q;
    }

    /** Rounds the exact value (-1)^neg * m * 2^e (+ sticky below) to fmt; m > 0 or sticky. */
    long roundPack(Fmt f, boolean neg, BigInteger m, int e, boolean sticky, int rm) {
        int p = f.p();
        if (m.signum() <= 0) {
            throw new IllegalArgumentException("roundPack needs a positive significand");
        }
        int n = m.bitLength();
        int lead = e + n - 1;
        // tininess after rounding: round to p bits with an unbounded exponent
        BigInteger ru = roundShift(m, n - p, sticky, neg, rm);
        int leadU = e + (n - p) + ru.bitLength() - 1;
        boolean tiny = leadU < f.emin();
        int shift = lead >= f.emin() ? n - p : (f.emin() - (p - 1)) - e;
        BigInteger r = roundShift(m, shift, sticky, neg, rm);
        int lsb = e + shift;
        if (r.bitLength() > p) {
            r = r.shiftRight(1);
            lsb++;
        }
        boolean inx = inexact;
        if (r.signum() == 0) {
            flags |= NX | UF;
            return f.zero(neg);
        }
        int leadR = lsb + r.bitLength() - 1;
        if (leadR > f.emax()) {
            flags |= OF | NX;
            boolean toInf = rm == RNE || rm == RMM || (rm == RUP && !neg) || (rm == RDN && neg);
            return toInf ? f.inf(neg) : f.maxFinite(neg);
        }
        if (inx) {
            flags |= NX;
            if (tiny) {
                flags |= UF;
            }
        }
        long bits;
        if (r.bitLength() == p) {
            bits = ((long) (leadR + f.bias()) << (p - 1)) | (r.longValue() & f.fracMask());
        } else {
            bits = r.longValue(); // subnormal: lsb is emin - (p - 1)
        }
        return bits | f.zero(neg);
    }

    private static BigInteger big(long sig) {
        return BigInteger.valueOf(sig);
    }

    // ---- operations -----------------------------------------------------------------------

    private long nan(Fmt f, long... in) {
        for (long v : in) {
            if (f.isSNaN(v)) {
                flags |= NV;
            }
        }
        return f.qnan();
    }

    long add(Fmt f, long a, long b, int rm) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return nan(f, a, b);
        }
        boolean na = f.neg(a), nb = f.neg(b);
        if (f.isInf(a) || f.isInf(b)) {
            if (f.isInf(a) && f.isInf(b) && na != nb) {
                flags |= NV;
                return f.qnan();
            }
            return f.isInf(a) ? a : b;
        }
        return sum(f, na, f.sig(a), f.exp(a), nb, f.sig(b), f.exp(b), rm);
    }

    /** The exact sum of two finite values, rounded. */
    private long sum(Fmt f, boolean na, BigInteger ma, int ea, boolean nb, BigInteger mb, int eb, int rm) {
        int e = Math.min(ea, eb);
        BigInteger x = ma.shiftLeft(ea - e), y = mb.shiftLeft(eb - e);
        BigInteger s = (na ? x.negate() : x).add(nb ? y.negate() : y);
        if (s.signum() == 0) {
            boolean neg = (ma.signum() == 0 && mb.signum() == 0 && na == nb) ? na : rm == RDN;
            return f.zero(neg);
        }
        return roundPack(f, s.signum() < 0, s.abs(), e, false, rm);
    }

    private long sum(Fmt f, boolean na, long ma, int ea, boolean nb, long mb, int eb, int rm) {
        return sum(f, na, big(ma), ea, nb, big(mb), eb, rm);
    }

    long mul(Fmt f, long a, long b, int rm) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return nan(f, a, b);
        }
        boolean neg = f.neg(a) != f.neg(b);
        if (f.isInf(a) || f.isInf(b)) {
            if (f.isZero(a) || f.isZero(b)) {
                flags |= NV;
                return f.qnan();
            }
            return f.inf(neg);
        }
        if (f.isZero(a) || f.isZero(b)) {
            return f.zero(neg);
        }
        return roundPack(f, neg, big(f.sig(a)).multiply(big(f.sig(b))), f.exp(a) + f.exp(b), false, rm);
    }

    long div(Fmt f, long a, long b, int rm) {
        if (f.isNaN(a) || f.isNaN(b)) {
            return nan(f, a, b);
        }
        boolean neg = f.neg(a) != f.neg(b);
        if (f.isInf(a)) {
            if (f.isInf(b)) {
                flags |= NV;
                return f.qnan();
            }
            return f.inf(neg);
        }
        if (f.isInf(b)) {
            return f.zero(neg);
        }
        if (f.isZero(b)) {
            if (f.isZero(a)) {
                flags |= NV;
                return f.qnan();
            }
            flags |= DZ;
            return f.inf(neg);
        }
        if (f.isZero(a)) {
            return f.zero(neg);
        }
        BigInteger ma = big(f.sig(a)), mb = big(f.sig(b));
        int k = 2 * f.p() + 3 + Math.max(0, mb.bitLength() - ma.bitLength());
        BigInteger[] qr = ma.shiftLeft(k).divideAndRemainder(mb);
        return roundPack(f, neg, qr[0], f.exp(a) - f.exp(b) - k, qr[1].signum() != 0, rm);
    }

    long sqrt(Fmt f, long a, int rm) {
        if (f.isNaN(a)) {
            return nan(f, a);
        }
        if (f.isZero(a)) {
            return a;
        }
        if (f.neg(a)) {
            flags |= NV;
            return f.qnan();
        }
        if (f.isInf(a)) {
            return a;
        }
        BigInteger m = big(f.sig(a));
        int e = f.exp(a);
        if ((e & 1) != 0) {
            m = m.shiftLeft(1);
            e--;
        }
        int k = f.p() + 3;
        BigInteger x = m.shiftLeft(2 * k);
        BigInteger s = x.sqrt();
        return roundPack(f, false, s, e / 2 - k, !s.multiply(s).equals(x), rm);
    }

    /** (a * b) + c exactly rounded once; negProduct and negC give FMSUB/FNMADD/FNMSUB. */
    long fma(Fmt f, long a, long b, long c, boolean negProduct, boolean negC, int rm) {
        if (negC && !f.isNaN(c)) {
            c ^= f.signBit();
        }
        boolean infZero = (f.isInf(a) && f.isZero(b)) || (f.isZero(a) && f.isInf(b));
        if (f.isNaN(a) || f.isNaN(b) || f.isNaN(c)) {
            if (infZero) {
                flags |= NV;
            }
            return nan(f, a, b, c);
        }
        if (infZero) {
            flags |= NV;
            return f.qnan();
        }
        boolean np = (f.neg(a) != f.neg(b)) != negProduct;
        boolean nc = f.neg(c);
        if (f.isInf(a) || f.isInf(b)) {
            if (f.isInf(c) && nc != np) {
                flags |= NV;
                return f.qnan();
            }
            return f.inf(np);
        }
        if (f.isInf(c)) {
            return c;
        }
        BigInteger mp = big(f.sig(a)).multiply(big(f.sig(b)));
        int ep = f.exp(a) + f.exp(b);
        if (mp.signum() == 0 && f.isZero(c)) {
            return f.zero(np == nc ? np : rm == RDN);
        }
        return sum(f, np, mp, ep, nc, big(f.sig(c)), f.exp(c), rm);
    }

    /** Converts between formats (FCVT.S.D, FCVT.D.S); NaN becomes the canonical NaN. */
    long convert(Fmt from, Fmt to, long a, int rm) {
        if (from.isNaN(a)) {
            if (from.isSNaN(a)) {
                flags |= NV;
            }
            return to.qnan();
        }
        boolean neg = from.neg(a);
        if (from.isInf(a)) {
            return to.inf(neg);
        }
        if (from.isZero(a)) {
            return to.zero(neg);
        }
        return roundPack(to, neg, big(from.sig(a)), from.exp(a), false, rm);
    }

    /** An integer (signed or not, 32 or 64 bits wide) to fmt. */
    long fromInt(Fmt f, long v, boolean unsigned, boolean wide, int rm) {
        BigInteger m;
        if (!wide) {
            v = unsigned ? v & 0xffffffffL : (int) v;
        }
        m = unsigned && wide && v < 0 ? big(v).add(BigInteger.ONE.shiftLeft(64)) : big(v);
        if (m.signum() == 0) {
            return 0;
        }
        return roundPack(f, m.signum() < 0, m.abs(), 0, false, rm);
    }

    /**
     * fmt to an integer of 32 or 64 bits, signed or not, rounded by rm; NaN and out-of-range values
     * saturate with NV (NaN to the maximum), in-range inexact ones raise NX. A 32-bit result is
     * sign-extended, as RV64 keeps W results.
     */
    long toInt(Fmt f, long a, boolean unsigned, boolean wide, int rm) {
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(wide ? 63 : 31).negate();
        BigInteger max = BigInteger.ONE.shiftLeft(wide ? (unsigned ? 64 : 63) : (unsigned ? 32 : 31)).subtract(BigInteger.ONE);
        BigInteger r;
        if (f.isNaN(a)) {
            flags |= NV;
            r = max;
        } else if (f.isInf(a)) {
            flags |= NV;
            r = f.neg(a) ? min : max;
        } else if (f.isZero(a)) {
            r = BigInteger.ZERO;
        } else {
            boolean neg = f.neg(a);
            BigInteger mag = roundShift(big(f.sig(a)), -f.exp(a), false, neg, rm);
            boolean inx = inexact;
            BigInteger v = neg ? mag.negate() : mag;
            if (v.compareTo(min) < 0) {
                flags |= NV;
                r = min;
            } else if (v.compareTo(max) > 0) {
                flags |= NV;
                r = max;
            } else {
                if (inx) {
                    flags |= NX;
                }
                r = v;
            }
        }
        long bits = r.longValue();
        return wide ? bits : (int) bits;
    }
}

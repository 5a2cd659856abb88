/*
 * fpconf: floating-point conformance of the F and D extensions as a program sees it. For float and
 * double, over operands that include +-0, subnormals, the largest finite, infinities and NaNs:
 * + - * / sqrt, fma fused (fma()/fmaf(), one rounding) and as separate multiply and add (two
 * roundings, through volatile), the compiler's own a*b+c (gcc contracts it to fmadd), fmin/fmax,
 * conversions (to and from int32/int64/uint64, float<->double) including the saturating
 * out-of-range and NaN cases, ordered and unordered compares, a classification like fclass, the
 * four rounding modes set with fesetround (division, sqrt, conversion, rint, lrint), and the
 * accrued exception flags read with fetestexcept after each operation.
 * Every result is printed as its bit pattern (and the NaN produced is RISC-V's canonical NaN).
 * Operands and results go through volatile so that gcc computes nothing at compile time and does
 * not move an operation past the fetestexcept that reads its flags (gcc does not model FENV_ACCESS).
 */
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static double dfrom(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static float ffrom(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/* the flags raised since the last call, as five letters (Invalid, Div-by-zero, Overflow, Underflow,
 * ineXact), then cleared; each call returns its own buffer of 16 in rotation, so that one printf can
 * show several results */
static const char *flags(void) {
    static char ring[16][6];
    static unsigned next;
    char *s = ring[next++ % 16];
    int f = fetestexcept(FE_ALL_EXCEPT);
    s[0] = f & FE_INVALID ? 'V' : '-';
    s[1] = f & FE_DIVBYZERO ? 'Z' : '-';
    s[2] = f & FE_OVERFLOW ? 'O' : '-';
    s[3] = f & FE_UNDERFLOW ? 'U' : '-';
    s[4] = f & FE_INEXACT ? 'X' : '-';
    s[5] = 0;
    feclearexcept(FE_ALL_EXCEPT);
    return s;
}

static const char *dclass(double d) {
    switch (fpclassify(d)) {
    case FP_NAN: return dbits(d) & 0x0008000000000000ull ? "qnan" : "snan";
    case FP_INFINITE: return signbit(d) ? "-inf" : "+inf";
    case FP_ZERO: return signbit(d) ? "-zero" : "+zero";
    case FP_SUBNORMAL: return signbit(d) ? "-subnormal" : "+subnormal";
    default: return signbit(d) ? "-normal" : "+normal";
    }
}

static const char *fclass(float f) {
    switch (fpclassify(f)) {
    case FP_NAN: return fbits(f) & 0x00400000u ? "qnan" : "snan";
    case FP_INFINITE: return signbit(f) ? "-inf" : "+inf";
    case FP_ZERO: return signbit(f) ? "-zero" : "+zero";
    case FP_SUBNORMAL: return signbit(f) ? "-subnormal" : "+subnormal";
    default: return signbit(f) ? "-normal" : "+normal";
    }
}

static const uint64_t DOUBLES[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff8000000000000ull,
    0x400921fb54442d18ull, 0x3fb999999999999aull, 0x0000000000000001ull, 0x000fffffffffffffull,
    0x0010000000000000ull, 0x7fefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0x7ff4000000000000ull, 0x41dfffffffc00000ull, 0xc3e0000000000000ull,
    0x43f0000000000000ull, 0x4330000000000001ull};
static const uint32_t FLOATS[] = {
    0x00000000u, 0x80000000u, 0x3f800000u, 0xbfc00000u, 0x40490fdbu, 0x3dcccccdu, 0x00000001u,
    0x007fffffu, 0x00800000u, 0x7f7fffffu, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fa00000u,
    0x4effffffu, 0xcf000000u, 0x5f800000u, 0x4b000001u};
#define ND (sizeof DOUBLES / sizeof *DOUBLES)
#define NF (sizeof FLOATS / sizeof *FLOATS)

static void doubles(void) {
    printf("== double\n");
    for (size_t i = 0; i < ND; i++) {
        volatile double a = dfrom(DOUBLES[i]);
        feclearexcept(FE_ALL_EXCEPT);
        volatile double r = sqrt(a);
        printf("d %016llx class %-10s sqrt %016llx %s", (unsigned long long) DOUBLES[i], dclass(a),
               (unsigned long long) dbits(r), flags());
        volatile int32_t w = (int32_t) a;
        const char *fw = flags();
        volatile int64_t l = (int64_t) a;
        const char *fl = flags();
        printf(" i32 %d %s", (int) w, fw);
        printf(" i64 %lld %s", (long long) l, fl);
        volatile uint64_t u = (uint64_t) a;
        printf(" u64 %llu %s", (unsigned long long) u, flags());
        volatile float f = (float) a;
        printf(" f32 %08x %s\n", fbits(f), flags());
    }
    for (size_t i = 0; i < ND; i += 1) {
        for (size_t j = 0; j < ND; j += 3) {
            volatile double a = dfrom(DOUBLES[i]), b = dfrom(DOUBLES[j]), c = dfrom(DOUBLES[(i + j) % ND]);
            feclearexcept(FE_ALL_EXCEPT);
            volatile double s = a + b; const char *fs = flags();
            volatile double d = a - b; const char *fd = flags();
            volatile double m = a * b; const char *fm = flags();
            volatile double q = a / b; const char *fq = flags();
            printf("d %zu,%zu add %016llx %s sub %016llx %s mul %016llx %s div %016llx %s\n", i, j,
                   (unsigned long long) dbits(s), fs, (unsigned long long) dbits(d), fd,
                   (unsigned long long) dbits(m), fm, (unsigned long long) dbits(q), fq);
            volatile double fused = fma(a, b, c); const char *ff = flags();
            volatile double prod = a * b;
            volatile double sep = prod + c; const char *fsep = flags();
            volatile double contracted = a * b + c; const char *fc = flags();
            volatile double mn = fmin(a, b), mx = fmax(a, b); const char *fmm = flags();
            printf("  fma %016llx %s separate %016llx %s a*b+c %016llx %s min %016llx max %016llx %s\n",
                   (unsigned long long) dbits(fused), ff, (unsigned long long) dbits(sep), fsep,
                   (unsigned long long) dbits(contracted), fc, (unsigned long long) dbits(mn),
                   (unsigned long long) dbits(mx), fmm);
            volatile int lt = a < b, le = a <= b, eq = a == b; const char *fo = flags();
            volatile int un = isunordered(a, b), qlt = isless(a, b), qle = islessequal(a, b); const char *fu = flags();
            printf("  lt %d le %d eq %d %s unordered %d isless %d islessequal %d %s\n", lt, le, eq, fo, un, qlt, qle, fu);
        }
    }
}

static void floats(void) {
    printf("== float\n");
    for (size_t i = 0; i < NF; i++) {
        volatile float a = ffrom(FLOATS[i]);
        feclearexcept(FE_ALL_EXCEPT);
        volatile float r = sqrtf(a);
        printf("f %08x class %-10s sqrt %08x %s", FLOATS[i], fclass(a), fbits(r), flags());
        volatile int32_t w = (int32_t) a;
        const char *fw = flags();
        volatile uint32_t uw = (uint32_t) a;
        const char *fuw = flags();
        printf(" i32 %d %s u32 %u %s", (int) w, fw, (unsigned) uw, fuw);
        volatile double d = a;
        printf(" f64 %016llx %s\n", (unsigned long long) dbits(d), flags());
    }
    for (size_t i = 0; i < NF; i++) {
        for (size_t j = 1; j < NF; j += 3) {
            volatile float a = ffrom(FLOATS[i]), b = ffrom(FLOATS[j]), c = ffrom(FLOATS[(i * 7 + j) % NF]);
            feclearexcept(FE_ALL_EXCEPT);
            volatile float s = a + b; const char *fs = flags();
            volatile float d = a - b; const char *fd = flags();
            volatile float m = a * b; const char *fm = flags();
            volatile float q = a / b; const char *fq = flags();
            volatile float fused = fmaf(a, b, c); const char *ff = flags();
            volatile float prod = a * b;
            volatile float sep = prod + c; const char *fsep = flags();
            volatile float contracted = a * b + c; const char *fc = flags();
            volatile float mn = fminf(a, b), mx = fmaxf(a, b);
            volatile int lt = a < b, eq = a == b; const char *fo = flags();
            printf("f %zu,%zu add %08x %s sub %08x %s mul %08x %s div %08x %s fma %08x %s separate %08x %s "
                   "a*b+c %08x %s min %08x max %08x lt %d eq %d %s\n", i, j,
                   fbits(s), fs, fbits(d), fd, fbits(m), fm, fbits(q), fq, fbits(fused), ff, fbits(sep), fsep,
                   fbits(contracted), fc, fbits(mn), fbits(mx), lt, eq, fo);
        }
    }
}

static void rounding(void) {
    static const struct { int mode; const char *name; } modes[] = {
        {FE_TONEAREST, "nearest"}, {FE_UPWARD, "upward"}, {FE_DOWNWARD, "downward"}, {FE_TOWARDZERO, "toward-zero"}};
    static const double values[] = {2.5, -2.5, 0.5, 1.5, -0.5, 1e300, 3.0000001};
    printf("== rounding modes\n");
    for (size_t m = 0; m < 4; m++) {
        if (fesetround(modes[m].mode) != 0 || fegetround() != modes[m].mode) {
            printf("fesetround(%s) FAILED\n", modes[m].name);
            continue;
        }
        volatile double one = 1.0, three = 3.0, two = 2.0, big = 1e308, tiny = 0x1p-1070;
        volatile float onef = 1.0f, threef = 3.0f;
        feclearexcept(FE_ALL_EXCEPT);
        volatile double third = one / three, nthird = -one / three, root = sqrt(two);
        volatile double over = big * 10.0, under = tiny / 3.0;
        volatile float thirdf = onef / threef, narrowed = (float) third;
        printf("%-11s 1/3 %016llx -1/3 %016llx sqrt2 %016llx 1e309 %016llx tiny/3 %016llx 1/3f %08x (float)1/3 %08x %s\n",
               modes[m].name, (unsigned long long) dbits(third), (unsigned long long) dbits(nthird),
               (unsigned long long) dbits(root), (unsigned long long) dbits(over), (unsigned long long) dbits(under),
               fbits(thirdf), fbits(narrowed), flags());
        for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
            volatile double x = values[v];
            volatile double ri = rint(x), ni = nearbyint(x);
            volatile long li = lrint(x);
            volatile int32_t tr = (int32_t) x;
            printf("  %-10g rint %-8g nearbyint %-8g lrint %ld trunc-cast %d %s\n", x, ri, ni, li, (int) tr, flags());
        }
    }
    fesetround(FE_TONEAREST);
    printf("rounding mode restored to nearest: %s\n", fegetround() == FE_TONEAREST ? "yes" : "NO");
}

int main(void) {
    doubles();
    floats();
    rounding();
    volatile double sum = 0.0;
    for (int i = 1; i <= 1000; i++) {
        sum += 1.0 / ((double) i * i);
    }
    printf("sum 1/i^2 for i=1..1000 %.17g %016llx\n", sum, (unsigned long long) dbits(sum));
    printf("fpconf: done\n");
    return 0;
}

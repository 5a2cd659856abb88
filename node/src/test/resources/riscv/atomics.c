/* A extension, single thread: LR/SC (success, failure without or with another reservation), every
 * AMO in .w and .d form with aq/rl variants, and the compiler's __atomic builtins. */
#include <stdio.h>
#include <stdint.h>

static volatile int32_t w[4];
static volatile int64_t d[4];

#define AMOW(op) static int64_t op##_w(volatile int32_t *p, int64_t v) { int64_t r; \
    __asm__ volatile(#op ".w.aqrl %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(v) : "memory"); return r; }
#define AMOD(op) static int64_t op##_d(volatile int64_t *p, int64_t v) { int64_t r; \
    __asm__ volatile(#op ".d.aq %0, %2, (%1)" : "=r"(r) : "r"(p), "r"(v) : "memory"); return r; }
AMOW(amoswap) AMOW(amoadd) AMOW(amoxor) AMOW(amoand) AMOW(amoor) AMOW(amomin) AMOW(amomax) AMOW(amominu) AMOW(amomaxu)
AMOD(amoswap) AMOD(amoadd) AMOD(amoxor) AMOD(amoand) AMOD(amoor) AMOD(amomin) AMOD(amomax) AMOD(amominu) AMOD(amomaxu)

static const int64_t VALS[] = {0, 1, -1, 5, -5, 0x7fffffff, (int64_t) 0xffffffff80000000LL, 0x123456789LL,
                               INT64_MIN, INT64_MAX, 0x80000000LL};
#define NV (sizeof VALS / sizeof VALS[0])

typedef int64_t (*fw)(volatile int32_t *, int64_t);
typedef int64_t (*fd)(volatile int64_t *, int64_t);
static const struct { const char *n; fw w; fd d; } OPS[] = {
    {"swap", amoswap_w, amoswap_d}, {"add", amoadd_w, amoadd_d}, {"xor", amoxor_w, amoxor_d},
    {"and", amoand_w, amoand_d}, {"or", amoor_w, amoor_d}, {"min", amomin_w, amomin_d},
    {"max", amomax_w, amomax_d}, {"minu", amominu_w, amominu_d}, {"maxu", amomaxu_w, amomaxu_d},
};

int main(void) {
    for (unsigned o = 0; o < sizeof OPS / sizeof OPS[0]; o++) {
        for (unsigned i = 0; i < NV; i++) {
            for (unsigned j = 0; j < NV; j++) {
                w[1] = (int32_t) VALS[i];
                int64_t old = OPS[o].w(&w[1], VALS[j]);
                printf("amo%s.w %lx %lx -> old %lx mem %x\n", OPS[o].n, VALS[i], VALS[j], old, (uint32_t) w[1]);
                d[1] = VALS[i];
                old = OPS[o].d(&d[1], VALS[j]);
                printf("amo%s.d %lx %lx -> old %lx mem %lx\n", OPS[o].n, VALS[i], VALS[j], old, d[1]);
            }
        }
    }
    /* LR/SC */
    int64_t v, fail;
    d[0] = 10;
    __asm__ volatile("lr.d %0, (%2)\n\taddi %0, %0, 1\n\tsc.d %1, %0, (%2)" : "=&r"(v), "=&r"(fail) : "r"(&d[0]) : "memory");
    printf("lr/sc.d ok: fail=%ld mem=%ld\n", fail, d[0]);
    __asm__ volatile("sc.d %0, %1, (%2)" : "=&r"(fail) : "r"(99L), "r"(&d[0]) : "memory");
    printf("sc.d without lr: fail=%ld mem=%ld\n", fail, d[0]);
    __asm__ volatile("lr.d %0, (%2)\n\tsc.d %1, %0, (%2)\n\tsc.d %1, %0, (%2)" : "=&r"(v), "=&r"(fail) : "r"(&d[0]) : "memory");
    printf("second sc.d: fail=%ld\n", fail);
    __asm__ volatile("lr.d %0, (%2)\n\tsc.d %1, %0, (%3)" : "=&r"(v), "=&r"(fail) : "r"(&d[0]), "r"(&d[2]) : "memory");
    printf("sc.d other address: fail=%ld\n", fail);
    w[0] = -7;
    __asm__ volatile("lr.w %0, (%2)\n\taddi %0, %0, -1\n\tsc.w.rl %1, %0, (%2)" : "=&r"(v), "=&r"(fail) : "r"(&w[0]) : "memory");
    printf("lr/sc.w: v=%ld fail=%ld mem=%d\n", v, fail, w[0]);
    /* builtins: gcc emits lr/sc loops for compare-exchange */
    static int64_t c64 = 5;
    static int32_t c32 = 5;
    int64_t e64 = 5;
    int ok = __atomic_compare_exchange_n(&c64, &e64, 42, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas64 %d %ld %ld\n", ok, c64, e64);
    ok = __atomic_compare_exchange_n(&c64, &e64, 43, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas64 %d %ld %ld\n", ok, c64, e64);
    int32_t e32 = 4;
    ok = __atomic_compare_exchange_n(&c32, &e32, 9, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
    printf("cas32 %d %d %d\n", ok, c32, e32);
    printf("fetch_add32 %d %d\n", __atomic_fetch_add(&c32, 10, __ATOMIC_SEQ_CST), c32);
    printf("fetch_or64 %ld %ld\n", __atomic_fetch_or(&c64, 0x10f, __ATOMIC_SEQ_CST), c64);
    printf("xchg32 %d %d\n", __atomic_exchange_n(&c32, 77, __ATOMIC_SEQ_CST), c32);
    printf("sub_fetch64 %ld\n", __atomic_sub_fetch(&c64, 50, __ATOMIC_RELEASE));
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return 0;
}

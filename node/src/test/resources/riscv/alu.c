/* Integer conformance: every RV64IM ALU operation on corner-case operands, via inline asm where C
 * would be undefined (division by zero, overflow, shift amounts >= the width), plus ordinary
 * compiled code (sort, hashing, recursion, a jump table). Build at -O2 and -Os (compressed-heavy). */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const uint64_t V[] = {
    0, 1, 2, 3, 7, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fffffffULL, 0x80000000ULL, 0xffffffffULL,
    0x100000000ULL, 0x123456789abcdef0ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
    0xffffffffffffffffULL, 0xfffffffffffffffeULL, 0xffffffff80000000ULL, 0xffffffff7fffffffULL,
    0xdeadbeefcafebabeULL, 0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL, 0x00000000fffffffeULL, 0xffffffffffffff81ULL,
};
#define N (sizeof V / sizeof V[0])

#define R(op) static uint64_t f_##op(uint64_t a, uint64_t b) { uint64_t r; \
    __asm__ volatile(#op " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
R(add) R(sub) R(sll) R(slt) R(sltu) R(xor) R(srl) R(sra) R(or) R(and)
R(addw) R(subw) R(sllw) R(srlw) R(sraw)
R(mul) R(mulh) R(mulhsu) R(mulhu) R(div) R(divu) R(rem) R(remu)
R(mulw) R(divw) R(divuw) R(remw) R(remuw)

typedef uint64_t (*fn)(uint64_t, uint64_t);
static const struct { const char *name; fn f; } OPS[] = {
    {"add", f_add}, {"sub", f_sub}, {"sll", f_sll}, {"slt", f_slt}, {"sltu", f_sltu}, {"xor", f_xor},
    {"srl", f_srl}, {"sra", f_sra}, {"or", f_or}, {"and", f_and}, {"addw", f_addw}, {"subw", f_subw},
    {"sllw", f_sllw}, {"srlw", f_srlw}, {"sraw", f_sraw}, {"mul", f_mul}, {"mulh", f_mulh},
    {"mulhsu", f_mulhsu}, {"mulhu", f_mulhu}, {"div", f_div}, {"divu", f_divu}, {"rem", f_rem},
    {"remu", f_remu}, {"mulw", f_mulw}, {"divw", f_divw}, {"divuw", f_divuw}, {"remw", f_remw},
    {"remuw", f_remuw},
};

#define I(op, imm, tag) static uint64_t i_##op##_##tag(uint64_t a) { uint64_t r; \
    __asm__ volatile(#op " %0, %1, " #imm : "=r"(r) : "r"(a)); return r; }
I(addi, -2048, m2048) I(addi, 2047, 2047) I(slti, -1, m1) I(sltiu, -1, m1) I(sltiu, 1, 1) I(xori, -1, m1) I(ori, 0x555, 0x555) I(andi, -16, m16)
I(slli, 0, 0) I(slli, 1, 1) I(slli, 63, 63) I(srli, 63, 63) I(srli, 1, 1) I(srai, 63, 63) I(srai, 7, 7)
I(addiw, -1, m1) I(addiw, 2047, 2047) I(slliw, 31, 31) I(srliw, 31, 31) I(sraiw, 31, 31) I(srliw, 0, 0) I(sraiw, 0, 0)
typedef uint64_t (*fn1)(uint64_t);
static const struct { const char *name; fn1 f; } IOPS[] = {
    {"addi -2048", i_addi_m2048}, {"addi 2047", i_addi_2047}, {"slti -1", i_slti_m1}, {"sltiu -1", i_sltiu_m1},
    {"sltiu 1", i_sltiu_1}, {"xori -1", i_xori_m1}, {"ori 0x555", i_ori_0x555}, {"andi -16", i_andi_m16},
    {"slli 0", i_slli_0}, {"slli 1", i_slli_1}, {"slli 63", i_slli_63}, {"srli 63", i_srli_63},
    {"srli 1", i_srli_1}, {"srai 63", i_srai_63}, {"srai 7", i_srai_7}, {"addiw -1", i_addiw_m1},
    {"addiw 2047", i_addiw_2047}, {"slliw 31", i_slliw_31}, {"srliw 31", i_srliw_31}, {"sraiw 31", i_sraiw_31},
    {"srliw 0", i_srliw_0}, {"sraiw 0", i_sraiw_0},
};

static int cmp(const void *a, const void *b) {
    int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
    return x < y ? -1 : x > y;
}

static unsigned fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static const char *kind(int c) {
    switch (c % 7) {
        case 0: return "zero"; case 1: return "one"; case 2: return "two"; case 3: return "three";
        case 4: return "four"; case 5: return "five"; default: return "six";
    }
}

int main(void) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned o = 0; o < sizeof OPS / sizeof OPS[0]; o++) {
        for (unsigned i = 0; i < N; i++) {
            for (unsigned j = 0; j < N; j++) {
                uint64_t r = OPS[o].f(V[i], V[j]);
                printf("%s %lx %lx = %lx\n", OPS[o].name, V[i], V[j], r);
                h = (h ^ r) * 1099511628211ULL;
            }
        }
    }
    for (unsigned o = 0; o < sizeof IOPS / sizeof IOPS[0]; o++) {
        for (unsigned i = 0; i < N; i++) {
            printf("%s %lx = %lx\n", IOPS[o].name, V[i], IOPS[o].f(V[i]));
        }
    }
    /* loads and stores of every width and sign, misaligned too */
    static unsigned char buf[64];
    for (int i = 0; i < 64; i++) buf[i] = (unsigned char) (i * 37 + 200);
    for (int off = 0; off < 9; off++) {
        volatile unsigned char *p = buf + off;
        printf("ld off %d: %d %u %d %u %d %u %ld\n", off, *(volatile int8_t *) p, *(volatile uint8_t *) p,
               *(volatile int16_t *) p, *(volatile uint16_t *) p, *(volatile int32_t *) p,
               *(volatile uint32_t *) p, *(volatile int64_t *) p);
        *(volatile uint64_t *) (p + 8) = 0x0102030405060708ULL * off;
        *(volatile uint16_t *) (p + 17) = 0xbeef;
    }
    for (int i = 0; i < 64; i++) printf("%02x", buf[i]);
    printf("\n");
    /* compiled code */
    int64_t arr[1000];
    uint64_t s = 88172645463325252ULL;
    for (int i = 0; i < 1000; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; arr[i] = (int64_t) s; }
    qsort(arr, 1000, sizeof arr[0], cmp);
    for (int i = 0; i < 1000; i += 97) printf("sorted[%d]=%ld\n", i, arr[i]);
    printf("fib(24)=%u\n", fib(24));
    char text[200];
    int n = 0;
    for (int i = 0; i < 20; i++) n += sprintf(text + n, "%s,", kind(i * 13 + 5));
    printf("%s len %zu %d\n", text, strlen(text), (int) (strchr(text, 'f') - text));
    printf("hash %016lx\n", h);
    return (int) (h & 0x3f);
}

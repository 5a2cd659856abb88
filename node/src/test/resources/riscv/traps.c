/* Traps and their exit statuses: SIGILL 132, SIGTRAP 133, SIGBUS 135 (a misaligned AMO), SIGSEGV
 * 139; and the user-mode counters, which qemu-user serves. */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    const char *what = argc > 1 ? argv[1] : "";
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("before %s\n", what);
    if (!strcmp(what, "ill")) __asm__ volatile(".word 0xffffffff");
    if (!strcmp(what, "ebreak")) __asm__ volatile("ebreak");
    if (!strcmp(what, "misaligned-amo")) {
        static long buf[2];
        long r;
        __asm__ volatile("amoadd.d %0, %2, (%1)" : "=r"(r) : "r"((char *) buf + 4), "r"(1L) : "memory");
    }
    if (!strcmp(what, "segv")) *(volatile int *) 16 = 1;
    if (!strcmp(what, "csr")) {
        unsigned long c, t, i;
        __asm__ volatile("rdcycle %0\n\trdtime %1\n\trdinstret %2" : "=r"(c), "=r"(t), "=r"(i));
        printf("counters nonzero: %d %d %d\n", c != 0, t != 0, i != 0);
        return 0;
    }
    printf("after\n");
    return 1;
}

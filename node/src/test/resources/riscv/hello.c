#include <stdio.h>
#include <string.h>

/* The smallest glibc program: start-up, stdio, argv, environment, exit status. */
int main(int argc, char **argv, char **envp) {
    printf("hello from riscv64, argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=%s\n", i, argv[i]);
    }
    int n = 0;
    while (envp[n]) {
        n++;
    }
    printf("envc=%d\n", n);
    return argc == 1 ? 0 : (int) strlen(argv[1]);
}

/*
 * hello: the process start-up a riscv64 front-end must get right.
 * Checks: argc and every argv[i] (argv[0] included: the harness runs the binary under its own
 * file name), the environment (how many entries, how many are named VAR -- the first argument,
 * default PATH -- and the values of PATH and LANG, never HOME, whose path differs between runs),
 * one line on stderr, and exit status 0.
 * Usage: hello [VAR [ARGS...]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv, char **envp) {
    const char *var = argc > 1 ? argv[1] : "PATH";
    size_t len = strlen(var);
    int total = 0, named = 0;
    for (char **e = envp; *e; e++) {
        total++;
        if (strncmp(*e, var, len) == 0 && (*e)[len] == '=') {
            named++;
        }
    }
    printf("hello from riscv64\n");
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; i++) {
        printf("argv[%d]=\"%s\"\n", i, argv[i]);
    }
    printf("env entries=%d\n", total);
    printf("env entries named %s=%d\n", var, named);
    const char *path = getenv("PATH"), *lang = getenv("LANG");
    printf("PATH=%s\n", path ? path : "(unset)");
    printf("LANG=%s\n", lang ? lang : "(unset)");
    printf("HOME is %s\n", getenv("HOME") ? "set" : "unset");
    fprintf(stderr, "hello: this line goes to stderr\n");
    return 0;
}

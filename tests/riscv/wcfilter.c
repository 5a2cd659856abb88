/*
 * wcfilter: a stdin filter, like `tr a-z A-Z` and `wc` together: copies stdin to stdout with
 * ASCII letters upper-cased, reading with read(2) in odd-sized chunks, then prints the counts of
 * lines, words and bytes (wc's definitions) and a checksum of the input to stderr.
 * Checks: byte-for-byte stdin handling, EOF, and output on both streams.
 */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    unsigned char buf[1021];
    long lines = 0, words = 0, bytes = 0;
    int in_word = 0;
    uint32_t sum = 0;
    for (;;) {
        ssize_t n = read(0, buf, sizeof buf);
        if (n < 0) {
            perror("wcfilter: read");
            return 1;
        }
        if (n == 0) {
            break;
        }
        for (ssize_t i = 0; i < n; i++) {
            unsigned char c = buf[i];
            sum = sum * 16777619u ^ c;
            if (c == '\n') {
                lines++;
            }
            int space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
            if (!space && !in_word) {
                words++;
            }
            in_word = !space;
            if (c >= 'a' && c <= 'z') {
                buf[i] = c - 'a' + 'A';
            }
        }
        bytes += n;
        if (fwrite(buf, 1, n, stdout) != (size_t) n) {
            perror("wcfilter: write");
            return 1;
        }
    }
    fflush(stdout);
    fprintf(stderr, "%7ld %7ld %7ld  checksum %08x\n", lines, words, bytes, sum);
    return 0;
}

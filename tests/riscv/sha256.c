/*
 * sha256: FIPS 180-4 SHA-256, written here. Without arguments it checks the FIPS test vectors
 * ("abc", the 448-bit message, a million 'a'), writes data.bin (1 MiB of known content) in the
 * working directory, hashes it back through read(2) in 4 KiB..64 KiB chunks and compares with the
 * hash of the same bytes in memory. With "-" it hashes stdin; with a file name, that file.
 * Output: "DIGEST  NAME" lines as sha256sum prints them. Built at -Os.
 * OPT: -Os
 * Usage: sha256 [- | FILE]
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct sha256 { uint32_t h[8]; uint64_t length; unsigned char block[64]; size_t used; };

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static uint32_t ror(uint32_t x, int n) { return x >> n | x << (32 - n); }

static void compress(struct sha256 *s, const unsigned char *p) {
    uint32_t w[64], v[8];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t) p[4 * i] << 24 | (uint32_t) p[4 * i + 1] << 16 | (uint32_t) p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3;
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10;
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    memcpy(v, s->h, sizeof v);
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) + K[i] + w[i];
        uint32_t t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof *v);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++) {
        s->h[i] += v[i];
    }
}

static void init(struct sha256 *s) {
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->length = 0;
    s->used = 0;
}

static void update(struct sha256 *s, const void *data, size_t n) {
    const unsigned char *p = data;
    s->length += n;
    while (n > 0) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used == 64) {
            compress(s, s->block);
            s->used = 0;
        }
    }
}

static void finish(struct sha256 *s, char hex[65]) {
    uint64_t bits = s->length * 8;
    unsigned char pad = 0x80, zero = 0, len[8];
    update(s, &pad, 1);
    while (s->used != 56) {
        update(s, &zero, 1);
    }
    for (int i = 0; i < 8; i++) {
        len[i] = (unsigned char) (bits >> (56 - 8 * i));
    }
    update(s, len, 8);
    for (int i = 0; i < 8; i++) {
        sprintf(hex + 8 * i, "%08x", s->h[i]);
    }
}

static int hash_fd(int fd, char hex[65], int varying_chunks) {
    static unsigned char buf[65536];
    struct sha256 s;
    init(&s);
    size_t chunk = 4096;
    for (;;) {
        ssize_t n = read(fd, buf, varying_chunks ? chunk : sizeof buf);
        if (n < 0) {
            perror("sha256: read");
            return -1;
        }
        if (n == 0) {
            break;
        }
        update(&s, buf, n);
        chunk = chunk * 2 > sizeof buf ? 4096 : chunk * 2;
    }
    finish(&s, hex);
    return 0;
}

static int vector(const char *name, const void *data, size_t n, size_t repeat, const char *want) {
    struct sha256 s;
    char hex[65];
    init(&s);
    for (size_t i = 0; i < repeat; i++) {
        update(&s, data, n);
    }
    finish(&s, hex);
    int ok = strcmp(hex, want) == 0;
    printf("%s  %s %s\n", hex, name, ok ? "ok" : "WRONG");
    return ok;
}

int main(int argc, char **argv) {
    char hex[65];
    if (argc > 1) {
        int fd = strcmp(argv[1], "-") == 0 ? 0 : open(argv[1], O_RDONLY);
        if (fd < 0) {
            perror(argv[1]);
            return 1;
        }
        if (hash_fd(fd, hex, 0) != 0) {
            return 1;
        }
        printf("%s  %s\n", hex, argv[1]);
        return 0;
    }
    int ok = vector("\"abc\"", "abc", 3, 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ok &= vector("\"abcdbcde...nopq\"", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, 1,
                 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    ok &= vector("a million 'a'", "aaaaaaaaaa", 10, 100000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

    size_t size = 1 << 20;
    unsigned char *data = malloc(size);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < size; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        data[i] = (unsigned char) x;
    }
    int fd = open("data.bin", O_CREAT | O_TRUNC | O_WRONLY, 0644);
    for (size_t off = 0; off < size; off += 10000) {
        size_t n = size - off < 10000 ? size - off : 10000;
        if (write(fd, data + off, n) != (ssize_t) n) {
            perror("sha256: write data.bin");
            return 1;
        }
    }
    close(fd);
    struct sha256 s;
    char expected[65];
    init(&s);
    update(&s, data, size);
    finish(&s, expected);
    fd = open("data.bin", O_RDONLY);
    if (fd < 0 || hash_fd(fd, hex, 1) != 0) {
        perror("sha256: data.bin");
        return 1;
    }
    close(fd);
    printf("%s  data.bin\n", hex);
    int same = strcmp(hex, expected) == 0;
    printf("data.bin read back hashes as the bytes written: %s\n", same ? "yes" : "NO");
    ok &= same;
    printf("sha256: %s\n", ok ? "check passed" : "check FAILED");
    return ok ? 0 : 1;
}

/*
 * dirlist: creates a directory tree in the working directory (files of known sizes, a
 * subdirectory, a symlink), lists it with opendir/readdir (getdents64), sorts the names, and
 * prints each entry's type from d_type and from lstat, and its size.
 * Checks: every created entry is listed exactly once with the size written; "." and ".." are
 * there; the tree is removed again.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENTRIES 40

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static const char *type_name(mode_t m) {
    return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "link" : "other";
}

static const char *dtype_name(unsigned char t) {
    return t == DT_REG ? "file" : t == DT_DIR ? "dir" : t == DT_LNK ? "link" : t == DT_UNKNOWN ? "unknown" : "other";
}

int main(void) {
    char path[300], block[1000];
    memset(block, 'x', sizeof block);
    if (mkdir("tree", 0755) != 0) {
        perror("dirlist: mkdir tree");
        return 1;
    }
    /* names in an order that is not sorted, sizes that vary */
    for (int i = 0; i < ENTRIES; i++) {
        int k = (i * 17) % ENTRIES;
        snprintf(path, sizeof path, "tree/entry-%02d-%s.dat", k, k % 3 == 0 ? "long-name-to-stretch-the-record" : "s");
        int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
        int size = k * 37 % 1000;
        if (fd < 0 || write(fd, block, size) != size) {
            perror(path);
            return 1;
        }
        close(fd);
    }
    mkdir("tree/sub", 0755);
    symlink("entry-00-long-name-to-stretch-the-record.dat", "tree/zlink");

    DIR *d = opendir("tree");
    if (!d) {
        perror("dirlist: opendir");
        return 1;
    }
    char *names[ENTRIES + 10];
    unsigned char types[256] = {0};
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (n == ENTRIES + 10) {
            printf("too many entries\n");
            return 1;
        }
        names[n] = strdup(e->d_name);
        types[n] = e->d_type;
        n++;
    }
    closedir(d);
    /* sort names and carry their d_type along */
    char *sorted[ENTRIES + 10];
    memcpy(sorted, names, n * sizeof *names);
    qsort(sorted, n, sizeof *sorted, by_name);
    int ok = n == ENTRIES + 4;
    long total = 0;
    printf("%d entries in tree\n", n);
    for (int i = 0; i < n; i++) {
        unsigned char dt = 0;
        for (int j = 0; j < n; j++) {
            if (names[j] == sorted[i]) {
                dt = types[j];
            }
        }
        struct stat st;
        snprintf(path, sizeof path, "tree/%s", sorted[i]);
        if (lstat(path, &st) != 0) {
            printf("%s: lstat failed\n", sorted[i]);
            ok = 0;
            continue;
        }
        const char *t = type_name(st.st_mode);
        int consistent = strcmp(t, "dir") == 0 || dt == DT_UNKNOWN || strcmp(dtype_name(dt), t) == 0;
        if (S_ISREG(st.st_mode)) {
            total += st.st_size;
            printf("%-48s %-4s %4lld%s\n", sorted[i], t, (long long) st.st_size, consistent ? "" : " d_type WRONG");
        } else {
            consistent = consistent && (S_ISDIR(st.st_mode) ? (dt == DT_DIR || dt == DT_UNKNOWN) : 1);
            printf("%-48s %-4s%s\n", sorted[i], t, consistent ? "" : " d_type WRONG");
        }
        ok &= consistent;
        if (i > 0 && strcmp(sorted[i - 1], sorted[i]) == 0) {
            printf("%s listed twice\n", sorted[i]);
            ok = 0;
        }
    }
    long want = 0;
    for (int k = 0; k < ENTRIES; k++) {
        want += k * 37 % 1000;
    }
    printf("total size of files %ld (expected %ld)\n", total, want);
    ok &= total == want && n >= 2 && strcmp(sorted[0], ".") == 0 && strcmp(sorted[1], "..") == 0;
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "tree/%s", sorted[i]);
        if (strcmp(sorted[i], ".") != 0 && strcmp(sorted[i], "..") != 0) {
            ok &= (strcmp(sorted[i], "sub") == 0 ? rmdir(path) : unlink(path)) == 0;
        }
        free(sorted[i]);
    }
    ok &= rmdir("tree") == 0;
    printf("dirlist: %s\n", ok ? "check passed" : "check FAILED");
    return ok ? 0 : 1;
}

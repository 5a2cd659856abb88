/*
 * files: the file system calls of the paper's Table 1 and their neighbours, in the working
 * directory: mkdir, open (O_CREAT, O_EXCL), write, lseek, read, fstat, flock (exclusive, shared,
 * non-blocking against a second open file description), symlink, readlink, rename, unlink, rmdir,
 * and the errno of the failing cases (EEXIST, ENOENT, ENOTEMPTY, EWOULDBLOCK).
 * Checks: each step's result is printed ("ok" or the errno name); exit 0 when all are as on Linux.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(const char *what, int ok) {
    printf("%-44s %s\n", what, ok ? "ok" : "WRONG");
    if (!ok) {
        failures++;
    }
}

static void expect_errno(const char *what, long rc, int want) {
    int got = rc < 0 ? errno : 0;
    printf("%-44s rc=%ld errno=%d (%s)%s\n", what, rc, got, got ? strerror(got) : "none",
           got == want ? "" : " WRONG");
    if (got != want) {
        failures++;
    }
}

int main(void) {
    const char text[] = "procshare forwards this write to the home node\n";
    char buf[256];

    check("mkdir work", mkdir("work", 0755) == 0);
    expect_errno("mkdir work again", mkdir("work", 0755), EEXIST);
    int fd = open("work/a.txt", O_CREAT | O_EXCL | O_RDWR, 0644);
    check("open work/a.txt O_CREAT|O_EXCL", fd >= 0);
    expect_errno("open work/a.txt O_CREAT|O_EXCL again", open("work/a.txt", O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST);
    expect_errno("open work/missing.txt", open("work/missing.txt", O_RDONLY), ENOENT);
    for (int i = 0; i < 100; i++) {
        if (write(fd, text, sizeof text - 1) != (ssize_t) (sizeof text - 1)) {
            check("write", 0);
        }
    }
    struct stat st;
    check("fstat size is 100 writes", fstat(fd, &st) == 0 && st.st_size == 100 * (off_t) (sizeof text - 1));
    printf("size %lld, regular file %d, mode %o\n", (long long) st.st_size, S_ISREG(st.st_mode), st.st_mode & 0777);
    check("lseek to the second line", lseek(fd, sizeof text - 1, SEEK_SET) == (off_t) (sizeof text - 1));
    ssize_t n = read(fd, buf, sizeof text - 1);
    check("read one line back", n == (ssize_t) (sizeof text - 1) && memcmp(buf, text, n) == 0);
    check("lseek SEEK_END", lseek(fd, 0, SEEK_END) == st.st_size);
    check("read at end returns 0", read(fd, buf, sizeof buf) == 0);

    check("flock LOCK_EX", flock(fd, LOCK_EX) == 0);
    int fd2 = open("work/a.txt", O_RDONLY);
    check("second open of work/a.txt", fd2 >= 0);
    expect_errno("flock LOCK_SH|LOCK_NB on the second fd", flock(fd2, LOCK_SH | LOCK_NB), EWOULDBLOCK);
    check("flock LOCK_UN", flock(fd, LOCK_UN) == 0);
    check("flock LOCK_SH on the second fd", flock(fd2, LOCK_SH) == 0);
    check("flock LOCK_SH|LOCK_NB on the first fd", flock(fd, LOCK_SH | LOCK_NB) == 0);
    check("close both", close(fd) == 0 && close(fd2) == 0);
    expect_errno("close a closed fd", close(fd), EBADF);

    check("symlink a.txt -> work/link", symlink("a.txt", "work/link") == 0);
    ssize_t len = readlink("work/link", buf, sizeof buf - 1);
    buf[len < 0 ? 0 : len] = 0;
    printf("readlink work/link = \"%s\" (%zd bytes)\n", buf, len);
    check("readlink gives a.txt", len == 5 && strcmp(buf, "a.txt") == 0);
    check("lstat sees a link, stat the file", lstat("work/link", &st) == 0 && S_ISLNK(st.st_mode)
          && stat("work/link", &st) == 0 && S_ISREG(st.st_mode));
    fd = open("work/link", O_RDONLY);
    n = read(fd, buf, 9);
    check("read through the link", fd >= 0 && n == 9 && memcmp(buf, "procshare", 9) == 0);
    close(fd);
    expect_errno("readlink on a regular file", readlink("work/a.txt", buf, sizeof buf), EINVAL);

    check("rename work/a.txt -> work/b.txt", rename("work/a.txt", "work/b.txt") == 0);
    expect_errno("open the old name", open("work/a.txt", O_RDONLY), ENOENT);
    expect_errno("stat through the dangling link", stat("work/link", &st), ENOENT);
    check("stat the new name", stat("work/b.txt", &st) == 0 && st.st_size == 100 * (off_t) (sizeof text - 1));
    expect_errno("rmdir a non-empty directory", rmdir("work"), ENOTEMPTY);
    check("unlink work/link", unlink("work/link") == 0);
    check("unlink work/b.txt", unlink("work/b.txt") == 0);
    expect_errno("unlink it again", unlink("work/b.txt"), ENOENT);
    check("rmdir work", rmdir("work") == 0);
    expect_errno("stat work after rmdir", stat("work", &st), ENOENT);

    printf("files: %s (%d wrong)\n", failures ? "check FAILED" : "check passed", failures);
    return failures ? 1 : 0;
}

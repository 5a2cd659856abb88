package io.procshare.verticles.syscall.host;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The one place where the guest's ABI (Linux generic, riscv64) meets the host's (DESIGN §6).
 *
 * <p><b>Open flags.</b> riscv64 and x86_64 both take their O_* values from
 * {@code include/uapi/asm-generic/fcntl.h} (x86's {@code asm/fcntl.h} only includes it), so on
 * x86_64 the translation is the identity; checked against the headers: O_DIRECT 040000,
 * O_LARGEFILE 0100000, O_DIRECTORY 0200000, O_NOFOLLOW 0400000. arm64 is the architecture that
 * differs (O_DIRECTORY 040000, O_NOFOLLOW 0100000, O_DIRECT 0200000, O_LARGEFILE 0400000); its
 * mapping is here so an arm64 home translates too. AT_*, F_*, FD_CLOEXEC, LOCK_*, SEEK_*,
 * RENAME_* and errno are identical on all three.
 *
 * <p><b>struct stat.</b> Guest: asm-generic, 128 bytes. x86_64: {@code asm/stat.h}, 144 bytes,
 * with st_nlink a 64-bit word before st_mode and st_blksize 64-bit. arm64's glibc uses the
 * generic layout (copy). {@code linux_dirent64} and {@code struct timespec} are the same
 * everywhere.
 */
public final class GuestAbi {

    // Guest (asm-generic) values.
    public static final int O_ACCMODE = 03;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DSYNC = 010000;
    public static final int FASYNC = 020000;
    public static final int O_DIRECT = 040000;
    public static final int O_LARGEFILE = 0100000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_NOATIME = 01000000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_SYNC_BIT = 04000000;
    public static final int O_PATH = 010000000;
    public static final int O_TMPFILE_BIT = 020000000;
    /** Linux's VALID_OPEN_FLAGS: bits open() keeps; others are silently dropped by openat. */
    public static final int VALID_OPEN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND
            | O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME
            | O_CLOEXEC | O_SYNC_BIT | O_PATH | O_TMPFILE_BIT;
    /** O_PATH_FLAGS: what survives beside O_PATH. */
    public static final int O_PATH_FLAGS = O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_NO_AUTOMOUNT = 0x800;
    public static final int AT_EMPTY_PATH = 0x1000;

    public static final int F_DUPFD = 0;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int FD_CLOEXEC = 1;

    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    /** openat2 RESOLVE_* (include/uapi/linux/openat2.h). */
    public static final long RESOLVE_NO_MAGICLINKS = 0x02;
    public static final long RESOLVE_IN_ROOT = 0x10;

    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFIFO = 0010000;

    public static final int GUEST_STAT_SIZE = 128;
    private static final int X86_64_STAT_SIZE = 144;

    /** arm64 positions of the four bits that differ from asm-generic. */
    private static final int[][] ARM64_BITS = {
            {O_DIRECTORY, 040000}, {O_NOFOLLOW, 0100000}, {O_DIRECT, 0200000}, {O_LARGEFILE, 0400000}};

    private final HostArch arch;

    /** Host architectures procshare can execute guest syscalls on. */
    public enum HostArch { X86_64, AARCH64, RISCV64 }

    public GuestAbi(HostArch arch) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("procshare's guest ABI is little-endian; this host is not");
        }
        this.arch = arch;
    }

    /** The ABI of the JVM's host, from {@code os.arch}. */
    public static GuestAbi ofHost() {
        String a = System.getProperty("os.arch");
        return new GuestAbi(switch (a) {
            case "amd64", "x86_64" -> HostArch.X86_64;
            case "aarch64" -> HostArch.AARCH64;
            case "riscv64" -> HostArch.RISCV64;
            default -> throw new UnsupportedOperationException(
                    "no guest ABI translation for host architecture " + a + "; run the home on x86_64, aarch64 or riscv64");
        });
    }

    public HostArch arch() {
        return arch;
    }

    /** Guest open flags to host open flags; bits unknown to both pass unchanged so the kernel judges them. */
    public int openFlagsToHost(int guest) {
        return arch == HostArch.AARCH64 ? swapArm64(guest, true) : guest;
    }

    /** Host open flags (F_GETFL) to guest open flags. */
    public int openFlagsToGuest(int host) {
        return arch == HostArch.AARCH64 ? swapArm64(host, false) : host;
    }

    private static int swapArm64(int flags, boolean toHost) {
        int result = flags;
        for (int[] b : ARM64_BITS) {
            result &= ~(toHost ? b[0] : b[1]);
        }
        for (int[] b : ARM64_BITS) {
            if ((flags & (toHost ? b[0] : b[1])) != 0) {
                result |= toHost ? b[1] : b[0];
            }
        }
        return result;
    }

    /** Size of the host's {@code struct stat} as libc's fstatat fills it. */
    public int hostStatSize() {
        return arch == HostArch.X86_64 ? X86_64_STAT_SIZE : GUEST_STAT_SIZE;
    }

    /** Converts a host {@code struct stat} to the guest's 128-byte one. */
    public byte[] statToGuest(MemorySegment host) {
        MemorySegment g = MemorySegment.ofArray(new byte[GUEST_STAT_SIZE]);
        if (arch != HostArch.X86_64) {
            g.copyFrom(host.asSlice(0, GUEST_STAT_SIZE));
            return (byte[]) g.heapBase().orElseThrow();
        }
        g.set(JAVA_LONG_UNALIGNED, 0, host.get(JAVA_LONG_UNALIGNED, 0));     // st_dev
        g.set(JAVA_LONG_UNALIGNED, 8, host.get(JAVA_LONG_UNALIGNED, 8));     // st_ino
        g.set(JAVA_INT_UNALIGNED, 16, host.get(JAVA_INT_UNALIGNED, 24));     // st_mode
        g.set(JAVA_INT_UNALIGNED, 20, (int) host.get(JAVA_LONG_UNALIGNED, 16)); // st_nlink
        g.set(JAVA_INT_UNALIGNED, 24, host.get(JAVA_INT_UNALIGNED, 28));     // st_uid
        g.set(JAVA_INT_UNALIGNED, 28, host.get(JAVA_INT_UNALIGNED, 32));     // st_gid
        g.set(JAVA_LONG_UNALIGNED, 32, host.get(JAVA_LONG_UNALIGNED, 40));   // st_rdev
        g.set(JAVA_LONG_UNALIGNED, 48, host.get(JAVA_LONG_UNALIGNED, 48));   // st_size
        g.set(JAVA_INT_UNALIGNED, 56, (int) host.get(JAVA_LONG_UNALIGNED, 56)); // st_blksize
        g.set(JAVA_LONG_UNALIGNED, 64, host.get(JAVA_LONG_UNALIGNED, 64));   // st_blocks
        // st_atime .. st_ctime_nsec: six 64-bit words at the same offset in both layouts
        g.asSlice(72, 48).copyFrom(host.asSlice(72, 48));
        return (byte[]) g.heapBase().orElseThrow();
    }

    /** A guest {@code struct stat} for a client stream (fd 0/1/2): a FIFO, as for {@code ssh host prog}. */
    public static byte[] streamStat() {
        MemorySegment g = MemorySegment.ofArray(new byte[GUEST_STAT_SIZE]);
        g.set(JAVA_INT_UNALIGNED, 16, S_IFIFO | 0600);
        g.set(JAVA_INT_UNALIGNED, 20, 1);
        g.set(JAVA_INT_UNALIGNED, 56, 4096);
        return (byte[]) g.heapBase().orElseThrow();
    }

    /**
     * A guest {@code struct termios} (asm-generic/termbits.h: four 32-bit flag words, c_line and
     * 19 control characters: 36 bytes) of a terminal in its default cooked mode, as {@code stty
     * sane} leaves it: ICRNL|IXON|IUTF8, OPOST|ONLCR, B38400|CS8|CREAD|HUPCL,
     * ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN, the usual control characters.
     */
    public static byte[] defaultTermios() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(36).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x4500).putInt(0x5).putInt(0xbf).putInt(0x8a3b).put((byte) 0);
        b.put(new byte[] {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0});
        return b.array();
    }

    /** st_mode of a guest struct stat. */
    public static int guestStatMode(byte[] guestStat) {
        return MemorySegment.ofArray(guestStat).get(JAVA_INT_UNALIGNED, 16);
    }

    /** st_nlink of a guest struct stat. */
    public static int guestStatNlink(byte[] guestStat) {
        return MemorySegment.ofArray(guestStat).get(JAVA_INT_UNALIGNED, 20);
    }
}

package io.procshare.verticles.memory.space;

import io.procshare.codecs.Access;

/**
 * Protection bits of a mapping, with Linux's values ({@code PROT_READ 1}, {@code PROT_WRITE 2},
 * {@code PROT_EXEC 4}), and the page rights they grant. As on Linux, a writable mapping is readable.
 */
public final class Prot {

    public static final int NONE = 0;
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int EXEC = 4;
    public static final int RW = READ | WRITE;

    /** Rights of a page: none, read ({@code Access.READ}) or read-write ({@code Access.WRITE}). */
    public static final byte NO_RIGHTS = 0;

    private Prot() {
    }

    /** Whether {@code prot} has only bits of READ, WRITE and EXEC. */
    public static boolean isValid(int prot) {
        return (prot & ~(READ | WRITE | EXEC)) == 0;
    }

    /** The highest access {@code prot} allows: 0, {@code Access.READ} or {@code Access.WRITE}. */
    public static byte rights(int prot) {
        if ((prot & WRITE) != 0) {
            return Access.WRITE;
        }
        return (prot & READ) != 0 ? Access.READ : NO_RIGHTS;
    }

    public static String toString(int prot) {
        return ((prot & READ) != 0 ? "r" : "-") + ((prot & WRITE) != 0 ? "w" : "-") + ((prot & EXEC) != 0 ? "x" : "-");
    }
}

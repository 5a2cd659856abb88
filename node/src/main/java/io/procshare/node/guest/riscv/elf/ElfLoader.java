package io.procshare.node.guest.riscv.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks a static riscv64 Linux executable and maps its PT_LOAD segments into a {@link LoadTarget}
 * (DESIGN §7, loader). Accepts ELF64 little-endian EM_RISCV files of type ET_EXEC, and ET_DYN
 * without PT_INTERP (static-pie), which is placed at a load bias and relocates itself: glibc's
 * {@code _dl_relocate_static_pie} applies its own R_RISCV_RELATIVE relocations from the pc-relative
 * load address, so the loader applies none. Anything else is refused with an
 * {@link ElfFormatException} naming the field and its offset.
 */
public final class ElfLoader {

    public static final long PAGE = 4096;
    /** Guest addresses stay below 2^38 (Sv39 user space). */
    public static final long ADDRESS_LIMIT = 1L << 38;
    /** Where a static-pie is placed unless the caller picks another base. */
    public static final long DEFAULT_PIE_BIAS = 0x4_0000_0000L; // 16 GiB

    static final int EM_RISCV = 243, ET_EXEC = 2, ET_DYN = 3;
    static final int PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_PHDR = 6, PT_TLS = 7;
    static final int PT_GNU_STACK = 0x6474e551, PT_GNU_RELRO = 0x6474e552;
    static final int PF_X = 1, PF_W = 2, PF_R = 4;
    static final int EHDR_SIZE = 64, PHDR_SIZE = 56;

    private ElfLoader() {
    }

    /** One program header as read from the file. */
    record Phdr(int index, long fileOffset, int type, int flags, long offset, long vaddr, long filesz, long memsz,
            long align) {
    }

    /** Loads {@code file} with the default static-pie bias. */
    public static ElfImage load(byte[] file, LoadTarget target) {
        return load(file, target, DEFAULT_PIE_BIAS);
    }

    /**
     * Checks {@code file}, maps and fills its segments in {@code target} and sets their final rights.
     *
     * @param pieBias the page-aligned base of a static-pie (ignored for ET_EXEC)
     * @throws ElfFormatException if the file is not a static riscv64 executable procshare can run
     */
    public static ElfImage load(byte[] file, LoadTarget target, long pieBias) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file.length < 4 || file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') {
            throw new ElfFormatException("not an ELF file: the magic at offset 0 is not 7f 45 4c 46");
        }
        if (file.length < EHDR_SIZE) {
            throw new ElfFormatException("truncated ELF header: the file has " + file.length + " bytes, the header needs "
                    + EHDR_SIZE);
        }
        if (file[4] != 2) {
            throw new ElfFormatException("e_ident[EI_CLASS] at offset 4 is " + file[4]
                    + (file[4] == 1 ? " (ELF32)" : "") + ": only ELF64 riscv64 binaries run here");
        }
        if (file[5] != 1) {
            throw new ElfFormatException("e_ident[EI_DATA] at offset 5 is " + file[5]
                    + (file[5] == 2 ? " (big-endian)" : "") + ": only little-endian riscv64 binaries run here");
        }
        int type = b.getShort(16) & 0xffff;
        int machine = b.getShort(18) & 0xffff;
        if (machine != EM_RISCV) {
            throw new ElfFormatException("e_machine at offset 18 is " + machine + " (" + machineName(machine)
                    + "), not 243 (RISC-V): build the program with riscv64-linux-gnu-gcc -static");
        }
        if (type != ET_EXEC && type != ET_DYN) {
            throw new ElfFormatException("e_type at offset 16 is " + type + ", not an executable (2 ET_EXEC or 3 ET_DYN)");
        }
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xffff;
        int phnum = b.getShort(56) & 0xffff;
        if (phentsize != PHDR_SIZE) {
            throw new ElfFormatException("e_phentsize at offset 54 is " + phentsize + ", not " + PHDR_SIZE);
        }
        if (phnum == 0 || phnum > 256) {
            throw new ElfFormatException("e_phnum at offset 56 is " + phnum + ", not between 1 and 256");
        }
        if (phoff < EHDR_SIZE || phoff > file.length || (long) phnum * PHDR_SIZE > file.length - phoff) {
            throw new ElfFormatException("truncated program headers: e_phoff at offset 32 is " + phoff + " with "
                    + phnum + " entries of " + PHDR_SIZE + " bytes, the file has " + file.length + " bytes");
        }
        List<Phdr> phdrs = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int o = (int) (phoff + (long) i * PHDR_SIZE);
            phdrs.add(new Phdr(i, o, b.getInt(o), b.getInt(o + 4), b.getLong(o + 8), b.getLong(o + 16),
                    b.getLong(o + 32), b.getLong(o + 40), b.getLong(o + 48)));
        }
        for (Phdr p : phdrs) {
            if (p.type() == PT_INTERP) {
                String interp = "";
                if (p.offset() >= 0 && p.filesz() > 0 && p.filesz() < 4096 && p.offset() + p.filesz() <= file.length) {
                    interp = new String(file, (int) p.offset(), (int) p.filesz() - 1, StandardCharsets.ISO_8859_1);
                }
                throw new ElfFormatException("dynamically linked (interpreter " + interp
                        + "): link it with -static (PT_INTERP program header " + p.index() + " at offset "
                        + p.fileOffset() + ")");
            }
        }
        long bias = type == ET_DYN ? pieBias : 0;
        if (bias % PAGE != 0 || bias < 0 || bias >= ADDRESS_LIMIT) {
            throw new IllegalArgumentException("the static-pie bias 0x" + Long.toHexString(bias) + " is not a page-aligned user address");
        }
        List<Phdr> loads = phdrs.stream().filter(p -> p.type() == PT_LOAD).sorted(Comparator.comparingLong(Phdr::vaddr)).toList();
        if (loads.isEmpty()) {
            throw new ElfFormatException("no PT_LOAD program header: nothing to load");
        }
        for (Phdr p : loads) {
            checkLoad(p, file.length, bias);
        }
        for (int i = 1; i < loads.size(); i++) {
            Phdr prev = loads.get(i - 1), p = loads.get(i);
            if (p.vaddr() < prev.vaddr() + prev.memsz()) {
                throw new ElfFormatException("PT_LOAD program header " + p.index() + " at offset " + p.fileOffset()
                        + " (p_vaddr 0x" + Long.toHexString(p.vaddr()) + ") overlaps program header " + prev.index()
                        + " (0x" + Long.toHexString(prev.vaddr()) + "-0x" + Long.toHexString(prev.vaddr() + prev.memsz()) + ")");
            }
        }
        if (type == ET_EXEC && loads.get(0).vaddr() < PAGE) {
            throw new ElfFormatException("PT_LOAD program header " + loads.get(0).index() + " at offset "
                    + loads.get(0).fileOffset() + " has p_vaddr 0x" + Long.toHexString(loads.get(0).vaddr())
                    + " in the null page");
        }
        ElfImage.Tls tls = null;
        long[] relro = null;
        boolean execStack = false;
        for (Phdr p : phdrs) {
            switch (p.type()) {
                case PT_TLS -> {
                    if (p.filesz() > p.memsz() || p.offset() < 0 || p.offset() + p.filesz() > file.length
                            || p.offset() + p.filesz() < 0 || (p.align() & (p.align() - 1)) != 0 || p.memsz() > 1 << 30) {
                        throw new ElfFormatException("PT_TLS program header " + p.index() + " at offset " + p.fileOffset()
                                + " is inconsistent (p_filesz " + p.filesz() + ", p_memsz " + p.memsz() + ", p_align " + p.align() + ")");
                    }
                    tls = new ElfImage.Tls(p.vaddr() + bias, p.filesz(), p.memsz(), Math.max(1, p.align()));
                }
                case PT_GNU_STACK -> execStack = (p.flags() & PF_X) != 0;
                case PT_GNU_RELRO -> {
                    if (!insideLoad(loads, p.vaddr(), p.memsz())) {
                        throw new ElfFormatException("PT_GNU_RELRO program header " + p.index() + " at offset " + p.fileOffset()
                                + " (0x" + Long.toHexString(p.vaddr()) + ", " + p.memsz() + " bytes) lies outside every PT_LOAD segment");
                    }
                    relro = new long[] {p.vaddr() + bias, p.vaddr() + p.memsz() + bias};
                }
                default -> {
                }
            }
        }
        if (!insideLoad(loads, entry, 2) || (loads.stream().noneMatch(p -> (p.flags() & PF_X) != 0
                && entry >= p.vaddr() && entry < p.vaddr() + p.memsz()))) {
            throw new ElfFormatException("e_entry at offset 24 is 0x" + Long.toHexString(entry)
                    + ", outside every executable PT_LOAD segment");
        }
        long phdrAddr = phdrAddress(phdrs, loads, phoff, phnum);
        if (phdrAddr < 0) {
            throw new ElfFormatException("the program headers (e_phoff at offset 32 is " + phoff
                    + ") are not inside a PT_LOAD segment, so AT_PHDR cannot point at them");
        }
        mapSegments(file, target, loads, bias);
        long end = 0;
        for (Phdr p : loads) {
            end = Math.max(end, p.vaddr() + p.memsz() + bias);
        }
        return new ElfImage(entry + bias, phdrAddr + bias, PHDR_SIZE, phnum, bias, end, roundUp(end), tls, relro, execStack);
    }

    private static void checkLoad(Phdr p, int fileLength, long bias) {
        String where = "PT_LOAD program header " + p.index() + " at offset " + p.fileOffset();
        if (p.filesz() < 0 || p.memsz() < 0 || p.filesz() > p.memsz()) {
            throw new ElfFormatException(where + ": p_filesz " + p.filesz() + " is larger than p_memsz " + p.memsz());
        }
        if (p.offset() < 0 || p.offset() > fileLength || p.filesz() > fileLength - p.offset()) {
            throw new ElfFormatException(where + ": p_offset " + p.offset() + " + p_filesz " + p.filesz()
                    + " is beyond the end of the file (" + fileLength + " bytes; truncated?)");
        }
        if (p.vaddr() < 0 || p.memsz() > ADDRESS_LIMIT || p.vaddr() + bias + p.memsz() > ADDRESS_LIMIT) {
            throw new ElfFormatException(where + ": p_vaddr 0x" + Long.toHexString(p.vaddr()) + " + p_memsz 0x"
                    + Long.toHexString(p.memsz()) + " is beyond the 2^38 user address space");
        }
        if (Math.floorMod(p.vaddr() - p.offset(), PAGE) != 0) {
            throw new ElfFormatException(where + ": p_vaddr 0x" + Long.toHexString(p.vaddr()) + " and p_offset 0x"
                    + Long.toHexString(p.offset()) + " are not congruent modulo the page size " + PAGE);
        }
    }

    private static boolean insideLoad(List<Phdr> loads, long address, long length) {
        for (Phdr p : loads) {
            if (address >= p.vaddr() && length >= 0 && address + length <= p.vaddr() + p.memsz()) {
                return true;
            }
        }
        return false;
    }

    private static long phdrAddress(List<Phdr> all, List<Phdr> loads, long phoff, int phnum) {
        for (Phdr p : all) {
            if (p.type() == PT_PHDR) {
                return p.vaddr();
            }
        }
        long size = (long) phnum * PHDR_SIZE;
        for (Phdr p : loads) {
            if (phoff >= p.offset() && phoff + size <= p.offset() + p.filesz()) {
                return p.vaddr() + (phoff - p.offset());
            }
        }
        return -1;
    }

    /**
     * Maps every segment's pages read-write, copies the file bytes (the rest of each range is the
     * mapping's zero fill, the bss tail of the last file page included, since only p_filesz bytes are
     * written), then gives each page its segment's rights; a page two segments share gets both.
     */
    private static void mapSegments(byte[] file, LoadTarget target, List<Phdr> loads, long bias) {
        long mappedEnd = Long.MIN_VALUE;
        long[] starts = new long[loads.size()], ends = new long[loads.size()];
        for (int i = 0; i < loads.size(); i++) {
            Phdr p = loads.get(i);
            long start = roundDown(p.vaddr() + bias);
            long end = roundUp(p.vaddr() + bias + p.memsz());
            starts[i] = start;
            ends[i] = end;
            long from = Math.max(start, mappedEnd);
            if (end > from) {
                target.map(from, end - from, LoadTarget.PROT_READ | LoadTarget.PROT_WRITE);
            }
            mappedEnd = Math.max(mappedEnd, end);
        }
        for (Phdr p : loads) {
            if (p.filesz() > 0) {
                target.write(p.vaddr() + bias, file, (int) p.offset(), (int) p.filesz());
            }
        }
        for (int i = 0; i < loads.size(); i++) {
            int prot = prot(loads.get(i).flags());
            long start = starts[i], end = ends[i];
            if (end > start) {
                target.protect(start, end - start, prot);
            }
            // a first page shared with the previous segment, a last page shared with the next: both rights
            if (i > 0 && ends[i - 1] > start) {
                target.protect(start, PAGE, prot | prot(loads.get(i - 1).flags()));
            }
        }
    }

    static int prot(int flags) {
        return ((flags & PF_R) != 0 ? LoadTarget.PROT_READ : 0) | ((flags & PF_W) != 0 ? LoadTarget.PROT_WRITE : 0)
                | ((flags & PF_X) != 0 ? LoadTarget.PROT_EXEC : 0);
    }

    static long roundDown(long a) {
        return a & -PAGE;
    }

    static long roundUp(long a) {
        return (a + PAGE - 1) & -PAGE;
    }

    private static String machineName(int m) {
        return switch (m) {
            case 3 -> "i386";
            case 40 -> "ARM";
            case 62 -> "x86-64";
            case 183 -> "AArch64";
            default -> "unknown";
        };
    }
}

package io.procshare.node.guest.riscv.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;

import io.procshare.node.guest.riscv.CrossCompiler;
import io.procshare.node.guest.riscv.FlatMemory;
import io.procshare.node.guest.riscv.Hart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ElfLoaderTest {

    static byte[] hello;

    @BeforeAll
    static void build() throws Exception {
        hello = Files.readAllBytes(CrossCompiler.build("hello.c", "-O2"));
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Offset of the first program header of {@code type}. */
    private static int phdr(byte[] f, int type) {
        ByteBuffer b = le(f);
        long phoff = b.getLong(32);
        for (int i = 0; i < (b.getShort(56) & 0xffff); i++) {
            int o = (int) phoff + i * 56;
            if (b.getInt(o) == type) {
                return o;
            }
        }
        throw new AssertionError("no phdr " + type);
    }

    @Test
    void when_staticExecutableLoaded_then_segmentsHaveContentAndRights() {
        FlatMemory m = new FlatMemory();
        ElfImage img = ElfLoader.load(hello, m);
        ByteBuffer b = le(hello);
        assertThat(img.entry()).isEqualTo(b.getLong(24));
        assertThat(img.loadBias()).isZero();
        assertThat(img.phnum()).isEqualTo(b.getShort(56));
        assertThat(img.phent()).isEqualTo(56);
        assertThat(img.phdr()).isEqualTo(0x10000 + b.getLong(32));
        assertThat(m.readInt(0x10000)).isEqualTo(0x464c457f);
        assertThat(m.protection(img.entry())).isEqualTo(LoadTarget.PROT_READ | LoadTarget.PROT_EXEC);
        assertThat(img.brk()).isEqualTo((img.end() + 4095) & -4096L).isGreaterThan(img.entry());
        assertThat(m.readByte(img.end() - 1)).isZero(); // bss
        assertThat(img.tls()).isNotNull();
        assertThat(img.relro()).isNotNull();
        assertThat(img.execStack()).isFalse();
        int data = phdr(hello, ElfLoader.PT_TLS);
        long tdata = b.getLong(data + 16);
        assertThat(m.protection(tdata)).isEqualTo(LoadTarget.PROT_READ | LoadTarget.PROT_WRITE);
        assertThat(m.readByte(tdata)).isEqualTo(hello[(int) b.getLong(data + 8)]);
    }

    @Test
    void when_bssTailSharesTheLastFilePage_then_itReadsZeroEvenIfTheFileHasBytesThere() {
        FlatMemory m = new FlatMemory();
        byte[] f = hello.clone();
        ElfImage img = ElfLoader.load(f, m);
        int rw = -1;
        ByteBuffer b = le(f);
        for (int i = 0; i < img.phnum(); i++) {
            int o = (int) b.getLong(32) + i * 56;
            if (b.getInt(o) == ElfLoader.PT_LOAD && (b.getInt(o + 4) & ElfLoader.PF_W) != 0) {
                rw = o;
            }
        }
        long fileEnd = b.getLong(rw + 16) + b.getLong(rw + 32);
        for (long a = fileEnd; a < ((fileEnd + 4095) & -4096L); a++) {
            assertThat(m.readByte(a)).isZero();
        }
    }

    @Test
    void when_staticPie_then_loadedAtTheBias() {
        byte[] f = hello.clone();
        le(f).putShort(16, (short) ElfLoader.ET_DYN);
        FlatMemory m = new FlatMemory();
        ElfImage img = ElfLoader.load(f, m, 0x4000_0000L);
        assertThat(img.loadBias()).isEqualTo(0x4000_0000L);
        assertThat(img.entry()).isEqualTo(0x4000_0000L + le(f).getLong(24));
        assertThat(m.readInt(0x4001_0000L)).isEqualTo(0x464c457f);
    }

    @Test
    void shouldRejectANonElfFile() {
        assertThatThrownBy(() -> ElfLoader.load("#!/bin/sh\necho hi\n".getBytes(), new FlatMemory()))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("not an ELF file");
    }

    @Test
    void shouldRejectElf32AndBigEndianAndOtherMachines() {
        byte[] f = hello.clone();
        f[4] = 1;
        assertThatThrownBy(() -> ElfLoader.load(f, new FlatMemory())).hasMessageContaining("EI_CLASS] at offset 4 is 1 (ELF32)");
        byte[] g = hello.clone();
        g[5] = 2;
        assertThatThrownBy(() -> ElfLoader.load(g, new FlatMemory())).hasMessageContaining("offset 5").hasMessageContaining("big-endian");
        byte[] h = hello.clone();
        le(h).putShort(18, (short) 62);
        assertThatThrownBy(() -> ElfLoader.load(h, new FlatMemory())).hasMessageContaining("e_machine at offset 18 is 62 (x86-64)");
        byte[] t = hello.clone();
        le(t).putShort(16, (short) 1);
        assertThatThrownBy(() -> ElfLoader.load(t, new FlatMemory())).hasMessageContaining("e_type at offset 16 is 1");
    }

    @Test
    void shouldRejectATruncatedFile() {
        assertThatThrownBy(() -> ElfLoader.load(java.util.Arrays.copyOf(hello, 40), new FlatMemory()))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("truncated ELF header");
        assertThatThrownBy(() -> ElfLoader.load(java.util.Arrays.copyOf(hello, 100_000), new FlatMemory()))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("beyond the end of the file");
    }

    @Test
    void shouldRejectADynamicBinaryNamingItsInterpreter() {
        byte[] f = hello.clone();
        int o = phdr(f, ElfLoader.PT_GNU_STACK);
        byte[] interp = "/lib/ld-linux-riscv64-lp64d.so.1\0".getBytes();
        int at = 0x1f0; // inside .note: only the loader's view of the bytes matters
        System.arraycopy(interp, 0, f, at, interp.length);
        le(f).putInt(o, ElfLoader.PT_INTERP).putLong(o + 8, at).putLong(o + 32, interp.length);
        assertThatThrownBy(() -> ElfLoader.load(f, new FlatMemory())).isInstanceOf(ElfFormatException.class)
                .hasMessageContaining("dynamically linked (interpreter /lib/ld-linux-riscv64-lp64d.so.1): link it with -static");
    }

    @Test
    void shouldRejectOverlappingAndAbsurdSegments() {
        byte[] f = hello.clone();
        int rw = phdr(f, ElfLoader.PT_TLS) ; // the RW PT_LOAD starts where PT_TLS does
        ByteBuffer b = le(f);
        long phoff = b.getLong(32);
        int text = -1, data = -1;
        for (int i = 0; i < b.getShort(56); i++) {
            int o = (int) phoff + i * 56;
            if (b.getInt(o) == ElfLoader.PT_LOAD) {
                if (text < 0) {
                    text = o;
                } else {
                    data = o;
                }
            }
        }
        assertThat(rw).isPositive();
        le(f).putLong(text + 40, 0x70000); // the text now runs into the data segment
        assertThatThrownBy(() -> ElfLoader.load(f, new FlatMemory())).hasMessageContaining("overlaps program header");

        byte[] g = hello.clone();
        le(g).putLong(data + 32, le(g).getLong(data + 40) + 1);
        assertThatThrownBy(() -> ElfLoader.load(g, new FlatMemory())).hasMessageContaining("p_filesz").hasMessageContaining("larger than p_memsz");

        byte[] h = hello.clone();
        le(h).putLong(data + 16, 1L << 40);
        assertThatThrownBy(() -> ElfLoader.load(h, new FlatMemory())).hasMessageContaining("2^38");

        byte[] k = hello.clone();
        le(k).putLong(data + 16, le(k).getLong(data + 16) + 8);
        assertThatThrownBy(() -> ElfLoader.load(k, new FlatMemory())).hasMessageContaining("not congruent");

        byte[] e = hello.clone();
        le(e).putLong(24, 0x9000_0000L);
        assertThatThrownBy(() -> ElfLoader.load(e, new FlatMemory())).hasMessageContaining("e_entry at offset 24");
    }

    @Test
    void when_stackBuilt_then_argcArgvEnvpAuxvAreWhereGlibcLooks() {
        FlatMemory m = new FlatMemory();
        ElfImage img = ElfLoader.load(hello, m);
        long top = 0x8000_0000L;
        InitialStack.Result s = InitialStack.build(m, top, img, List.of("prog", "x y"), List.of("A=1"),
                new InitialStack.Identity(1000, 1000, 100, 100, "/bin/prog"), new Random(1));
        assertThat(s.sp() & 15).isZero();
        assertThat(s.stackLow()).isEqualTo(top - (8 << 20));
        long sp = s.sp();
        assertThat(m.readLong(sp)).isEqualTo(2);
        assertThat(cString(m, m.readLong(sp + 8))).isEqualTo("prog");
        assertThat(cString(m, m.readLong(sp + 16))).isEqualTo("x y");
        assertThat(m.readLong(sp + 24)).isZero();
        assertThat(cString(m, m.readLong(sp + 32))).isEqualTo("A=1");
        assertThat(m.readLong(sp + 40)).isZero();
        java.util.Map<Long, Long> aux = new java.util.HashMap<>();
        for (long a = sp + 48;; a += 16) {
            aux.put(m.readLong(a), m.readLong(a + 8));
            if (m.readLong(a) == 0) {
                break;
            }
        }
        assertThat(aux.get((long) InitialStack.AT_PHDR)).isEqualTo(img.phdr());
        assertThat(aux.get((long) InitialStack.AT_ENTRY)).isEqualTo(img.entry());
        assertThat(aux.get((long) InitialStack.AT_PAGESZ)).isEqualTo(4096);
        assertThat(aux.get((long) InitialStack.AT_HWCAP)).isEqualTo(0x112dL); // I M A F D C
        assertThat(aux.get((long) InitialStack.AT_UID)).isEqualTo(1000);
        assertThat(aux.get((long) InitialStack.AT_RANDOM)).isEqualTo(s.randomAddress());
        assertThat(cString(m, aux.get((long) InitialStack.AT_EXECFN))).isEqualTo("/bin/prog");
        Hart h = new Hart();
        h.x[5] = 7;
        InitialStack.enter(h, img, s);
        assertThat(h.pc).isEqualTo(img.entry());
        assertThat(h.x[Hart.SP]).isEqualTo(sp);
        assertThat(h.x[5]).isZero();
        assertThat(h.x[Hart.A0]).isZero();
    }

    static String cString(FlatMemory m, long a) {
        StringBuilder sb = new StringBuilder();
        for (byte c; (c = m.readByte(a)) != 0; a++) {
            sb.append((char) c);
        }
        return sb.toString();
    }
}

package io.procshare.verticles.syscall.host;

import org.junit.jupiter.api.Test;

import static io.procshare.verticles.syscall.host.GuestAbi.*;
import static org.assertj.core.api.Assertions.assertThat;

class GuestAbiTest {

    private final GuestAbi x86 = new GuestAbi(HostArch.X86_64);
    private final GuestAbi arm = new GuestAbi(HostArch.AARCH64);

    @Test
    void when_hostIsX86_64_then_openFlagsAreTheGenericOnes() {
        // asm-generic/fcntl.h, which x86's asm/fcntl.h includes unchanged
        assertThat(new int[] {O_DIRECT, O_LARGEFILE, O_DIRECTORY, O_NOFOLLOW, O_CLOEXEC, O_PATH})
                .containsExactly(040000, 0100000, 0200000, 0400000, 02000000, 010000000);
        for (int bit = 0; bit < 31; bit++) {
            assertThat(x86.openFlagsToHost(1 << bit)).isEqualTo(1 << bit);
            assertThat(x86.openFlagsToGuest(1 << bit)).isEqualTo(1 << bit);
        }
    }

    @Test
    void when_hostIsArm64_then_theFourDifferingBitsMoveAndRoundTrip() {
        assertThat(arm.openFlagsToHost(O_DIRECTORY)).isEqualTo(040000);
        assertThat(arm.openFlagsToHost(O_NOFOLLOW)).isEqualTo(0100000);
        assertThat(arm.openFlagsToHost(O_DIRECT)).isEqualTo(0200000);
        assertThat(arm.openFlagsToHost(O_LARGEFILE)).isEqualTo(0400000);
        int all = O_RDWR | O_CREAT | O_DIRECTORY | O_NOFOLLOW | O_DIRECT | O_LARGEFILE | O_CLOEXEC;
        assertThat(arm.openFlagsToGuest(arm.openFlagsToHost(all))).isEqualTo(all);
        assertThat(arm.openFlagsToHost(O_RDWR | O_CLOEXEC)).isEqualTo(O_RDWR | O_CLOEXEC);
    }

    @Test
    void when_x86StatIsTranslated_then_fieldsLandAtGenericOffsets() {
        java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(144).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.putLong(0, 11).putLong(8, 22).putLong(16, 3).putInt(24, 0100644).putInt(28, 1000).putInt(32, 100)
                .putLong(40, 77).putLong(48, 12345).putLong(56, 4096).putLong(64, 24)
                .putLong(72, 1).putLong(80, 2).putLong(88, 3).putLong(96, 4).putLong(104, 5).putLong(112, 6);
        byte[] g = x86.statToGuest(java.lang.foreign.MemorySegment.ofArray(h.array()));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(g).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(g).hasSize(128);
        assertThat(new long[] {b.getLong(0), b.getLong(8), b.getInt(16), b.getInt(20), b.getInt(24), b.getInt(28),
                b.getLong(32), b.getLong(40), b.getLong(48), b.getInt(56), b.getInt(60), b.getLong(64),
                b.getLong(72), b.getLong(80), b.getLong(88), b.getLong(96), b.getLong(104), b.getLong(112), b.getLong(120)})
                .containsExactly(11, 22, 0100644, 3, 1000, 100, 77, 0, 12345, 4096, 0, 24, 1, 2, 3, 4, 5, 6, 0);
    }
}

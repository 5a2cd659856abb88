package io.procshare.verticles.memory.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.procshare.codecs.Access;
import io.procshare.verticles.memory.space.MapChange.Shootdown;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressSpaceTest {

    private static final long PAGE = AddressSpace.PAGE_SIZE;
    private final AddressSpace.Layout layout = AddressSpace.Layout.defaults();
    private final AddressSpace space = new AddressSpace(layout);

    private static long page(long address) {
        return address >>> AddressSpace.PAGE_SHIFT;
    }

    @Test
    void when_nothingIsMapped_then_everyAccessIsRefused() {
        assertThat(space.allows(page(layout.mmapBase()), Access.READ, 0)).isFalse();
        assertThat(space.version()).isZero();
    }

    @Test
    void when_mmapWithoutHint_then_firstFitFromTheBaseRoundedToPagesAndVersionBumped() {
        MapChange a = space.mmap(0, 100, Prot.RW, false);
        MapChange b = space.mmap(0, PAGE * 2, Prot.READ, false);

        assertThat(a.result()).isEqualTo(layout.mmapBase());
        assertThat(b.result()).isEqualTo(layout.mmapBase() + PAGE);
        assertThat(a.shootdown()).isEqualTo(Shootdown.NONE);
        assertThat(space.version()).isEqualTo(2);
        assertThat(space.map().mappings()).containsExactly(new Mapping(a.result(), a.result() + PAGE, Prot.RW),
                new Mapping(b.result(), b.result() + 2 * PAGE, Prot.READ));
    }

    @Test
    void when_mmapWithAFreeHint_then_theHintIsUsed_andWithATakenHintAnotherPlace() {
        long hint = 0x5000_0000L;
        assertThat(space.mmap(hint, PAGE, Prot.RW, false).result()).isEqualTo(hint);
        assertThat(space.mmap(hint, PAGE, Prot.RW, false).result()).isEqualTo(layout.mmapBase());
    }

    @Test
    void when_mmapFixedOverAMapping_then_itReplacesItAndShootsTheRangeDown() {
        long a = space.mmap(0, 4 * PAGE, Prot.READ, false).result();
        MapChange fixed = space.mmap(a + PAGE, PAGE, Prot.RW, true);

        assertThat(fixed.shootdown()).isEqualTo(Shootdown.UNMAP);
        assertThat(fixed.start()).isEqualTo(a + PAGE);
        assertThat(fixed.end()).isEqualTo(a + 2 * PAGE);
        assertThat(space.map().mappings()).containsExactly(new Mapping(a, a + PAGE, Prot.READ),
                new Mapping(a + PAGE, a + 2 * PAGE, Prot.RW), new Mapping(a + 2 * PAGE, a + 4 * PAGE, Prot.READ));
    }

    @Test
    void when_munmapTheMiddle_then_theMappingSplitsAndTheRangeIsShotDown() {
        long a = space.mmap(0, 3 * PAGE, Prot.RW, false).result();
        MapChange change = space.munmap(a + PAGE, PAGE);

        assertThat(change.shootdown()).isEqualTo(Shootdown.UNMAP);
        assertThat(space.allows(page(a), Access.WRITE, 0)).isTrue();
        assertThat(space.allows(page(a + PAGE), Access.READ, 0)).isFalse();
        assertThat(space.allows(page(a + 2 * PAGE), Access.WRITE, 0)).isTrue();
    }

    @Test
    void when_munmapOfNothingMapped_then_noVersionBumpAndNoShootdown() {
        MapChange change = space.munmap(0x7000_0000L, PAGE);

        assertThat(change.needsShootdown()).isFalse();
        assertThat(space.version()).isZero();
    }

    @Test
    void when_mprotectRemovesWrite_then_writesAreRefusedReadsAllowedAndAProtectShootdownIsNeeded() {
        long a = space.mmap(0, 2 * PAGE, Prot.RW, false).result();
        MapChange change = space.mprotect(a, PAGE, Prot.READ);

        assertThat(change.shootdown()).isEqualTo(Shootdown.PROTECT);
        assertThat(space.allows(page(a), Access.WRITE, 0)).isFalse();
        assertThat(space.allows(page(a), Access.READ, 0)).isTrue();
        assertThat(space.allows(page(a + PAGE), Access.WRITE, 0)).isTrue();
    }

    @Test
    void when_mprotectOnlyAddsRights_then_noShootdown_andNeighboursMerge() {
        long a = space.mmap(0, PAGE, Prot.READ, false).result();
        space.mmap(a + PAGE, PAGE, Prot.RW, true);
        MapChange change = space.mprotect(a, PAGE, Prot.RW);

        assertThat(change.needsShootdown()).isFalse();
        assertThat(space.map().mappings()).containsExactly(new Mapping(a, a + 2 * PAGE, Prot.RW));
    }

    @Test
    void when_mprotectCoversAHole_then_ENOMEMAndNothingChanges() {
        long a = space.mmap(0, PAGE, Prot.RW, false).result();
        long version = space.version();

        assertThatThrownBy(() -> space.mprotect(a, 2 * PAGE, Prot.READ))
                .isInstanceOfSatisfying(AddressSpaceException.class, e -> assertThat(e.errno()).isEqualTo(12));
        assertThat(space.version()).isEqualTo(version);
    }

    @Test
    void when_argumentsAreBad_then_EINVAL() {
        List<Runnable> bad = List.of(
                () -> space.mmap(0, 0, Prot.RW, false),
                () -> space.mmap(0, PAGE, 8, false),
                () -> space.mmap(0x1234, PAGE, Prot.RW, true),
                () -> space.munmap(0x1001, PAGE),
                () -> space.mprotect(0x1001, PAGE, Prot.READ));
        for (Runnable r : bad) {
            assertThatThrownBy(r::run).isInstanceOfSatisfying(AddressSpaceException.class,
                    e -> assertThat(e.errno()).isEqualTo(22));
        }
    }

    @Test
    void when_brkGrowsAndShrinks_then_theHeapFollowsAndShrinkingShootsDown() {
        long base = layout.brkBase();
        assertThat(space.brk(0).result()).isEqualTo(base);

        MapChange grow = space.brk(base + 3 * PAGE + 10);
        assertThat(grow.result()).isEqualTo(base + 3 * PAGE + 10);
        assertThat(space.allows(page(base + 3 * PAGE), Access.WRITE, 0)).isTrue();

        MapChange shrink = space.brk(base + PAGE);
        assertThat(shrink.shootdown()).isEqualTo(Shootdown.UNMAP);
        assertThat(shrink.start()).isEqualTo(base + PAGE);
        assertThat(shrink.end()).isEqualTo(base + 4 * PAGE);
        assertThat(space.allows(page(base), Access.WRITE, 0)).isTrue();
        assertThat(space.allows(page(base + PAGE), Access.READ, 0)).isFalse();
    }

    @Test
    void when_brkWouldGrowIntoAMapping_then_theBreakStays() {
        long base = layout.brkBase();
        space.mmap(base + PAGE, PAGE, Prot.READ, true);

        assertThat(space.brk(base + 2 * PAGE).result()).isEqualTo(base);
    }

    @Test
    void when_moreMappingsThanTheLimit_then_ENOMEMAndTheMapIsUnchanged() {
        AddressSpace small = new AddressSpace(new AddressSpace.Layout(layout.brkBase(), layout.mmapBase(),
                layout.mmapTop(), 2));
        long a = small.mmap(0, 4 * PAGE, Prot.RW, false).result();
        small.mprotect(a, PAGE, Prot.READ);

        assertThatThrownBy(() -> small.munmap(a + 2 * PAGE, PAGE)).isInstanceOfSatisfying(AddressSpaceException.class,
                e -> assertThat(e.errno()).isEqualTo(AddressSpaceException.ENOMEM));
        assertThat(small.map().mappings()).hasSize(2);
    }

    @Test
    void when_mmapWouldMapMorePagesThanTheLimit_then_ENOMEMAndTheMapIsUnchanged() {
        AddressSpace small = new AddressSpace(layout.withMaxPages(8));
        long a = small.mmap(0, 6 * PAGE, Prot.RW, false).result();
        long version = small.version();

        assertThatThrownBy(() -> small.mmap(0, 3 * PAGE, Prot.RW, false)).isInstanceOfSatisfying(
                AddressSpaceException.class, e -> assertThat(e.errno()).isEqualTo(AddressSpaceException.ENOMEM));
        assertThat(small.version()).isEqualTo(version);
        assertThat(small.mappedPages()).isEqualTo(6);
        assertThat(small.mmap(0, 2 * PAGE, Prot.READ, false).result()).isNotZero(); // exactly the limit is fine
        assertThat(small.mappedPages()).isEqualTo(8);
        small.munmap(a, 6 * PAGE);
        assertThat(small.mmap(0, 6 * PAGE, Prot.RW, false).result()).isNotZero(); // unmapping gives pages back
    }

    @Test
    void when_mapFixedReplacesPages_then_onlyTheNetGrowthCountsAgainstTheLimit() {
        AddressSpace small = new AddressSpace(layout.withMaxPages(4));
        long a = small.mmap(0, 4 * PAGE, Prot.RW, false).result();

        assertThat(small.mmap(a, 2 * PAGE, Prot.READ, true).result()).isEqualTo(a);
        assertThatThrownBy(() -> small.mmap(a + 2 * PAGE, 3 * PAGE, Prot.RW, true)).isInstanceOfSatisfying(
                AddressSpaceException.class, e -> assertThat(e.errno()).isEqualTo(AddressSpaceException.ENOMEM));
        assertThat(small.mappedPages()).isEqualTo(4);
    }

    @Test
    void when_brkWouldGrowPastThePageLimit_then_theBreakStays() {
        AddressSpace small = new AddressSpace(layout.withMaxPages(4));
        long base = layout.brkBase();
        small.mmap(0, 2 * PAGE, Prot.RW, false);

        assertThat(small.brk(base + 2 * PAGE).result()).isEqualTo(base + 2 * PAGE);
        assertThat(small.brk(base + 3 * PAGE).result()).isEqualTo(base + 2 * PAGE);
        assertThat(small.mappedPages()).isEqualTo(4);
        assertThat(small.brk(base + PAGE).result()).isEqualTo(base + PAGE); // shrinking always works
    }

    @Test
    void when_brkWouldNeedMoreMappingsThanTheLimit_then_theBreakStays() {
        AddressSpace small = new AddressSpace(new AddressSpace.Layout(layout.brkBase(), layout.mmapBase(),
                layout.mmapTop(), 1));
        small.mmap(0, PAGE, Prot.RW, false);

        assertThat(small.brk(layout.brkBase() + PAGE).result()).isEqualTo(layout.brkBase());
        assertThat(small.map().mappings()).hasSize(1);
    }

    @Test
    void when_mprotectWouldSplitPastTheMappingLimit_then_ENOMEM() {
        AddressSpace small = new AddressSpace(new AddressSpace.Layout(layout.brkBase(), layout.mmapBase(),
                layout.mmapTop(), 2));
        long a = small.mmap(0, 4 * PAGE, Prot.RW, false).result();

        assertThatThrownBy(() -> small.mprotect(a + PAGE, PAGE, Prot.READ)).isInstanceOfSatisfying(
                AddressSpaceException.class, e -> assertThat(e.errno()).isEqualTo(AddressSpaceException.ENOMEM));
        assertThat(small.map().mappings()).hasSize(1);
    }

    @Test
    void when_aLayoutHasNoPages_then_itIsRefused() {
        assertThatThrownBy(() -> layout.withMaxPages(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPages");
    }

    @Test
    void when_theAddressMapIsAskedForRights_then_writeImpliesReadAndNoneIsNone() {
        long a = space.mmap(0, PAGE, Prot.WRITE, false).result();
        long b = space.mmap(0, PAGE, Prot.NONE, false).result();
        AddressMap map = space.map();

        assertThat(map.allows(page(a), Access.READ)).isTrue();
        assertThat(map.allows(page(a), Access.WRITE)).isTrue();
        assertThat(map.allows(page(b), Access.READ)).isFalse();
        assertThat(map.rightsAt(a - 1)).isZero();
    }
}

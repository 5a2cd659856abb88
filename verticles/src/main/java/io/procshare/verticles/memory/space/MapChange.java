package io.procshare.verticles.memory.space;

/**
 * What one map operation did, and what must happen on every node before it returns to the guest
 * (DESIGN §5): nothing ({@link Shootdown#NONE}: rights were only added), or a shootdown of the pages
 * in {@code [start, end)}: {@link Shootdown#PROTECT} (rights removed: no node may keep access beyond
 * the new protection) or {@link Shootdown#UNMAP} (content discarded on every node and at the manager).
 *
 * @param result  the syscall's result: the mapped address (mmap), the new break (brk), else 0
 * @param map     the map after the operation
 */
public record MapChange(long result, AddressMap map, Shootdown shootdown, long start, long end) {

    /** The kind of shootdown a change needs. Codes are the wire values of {@code MapSnapshot.shootdown}. */
    public enum Shootdown {
        NONE(0), PROTECT(1), UNMAP(2);

        private final byte code;

        Shootdown(int code) {
            this.code = (byte) code;
        }

        public byte code() {
            return code;
        }

        public static Shootdown of(byte code) {
            return switch (code) {
                case 0 -> NONE;
                case 1 -> PROTECT;
                case 2 -> UNMAP;
                default -> throw new IllegalArgumentException("shootdown code " + code + ", expected 0, 1 or 2");
            };
        }
    }

    public boolean needsShootdown() {
        return shootdown != Shootdown.NONE;
    }
}

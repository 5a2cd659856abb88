package io.procshare.codecs;

import java.util.List;
import java.util.Objects;

/** Limits of shipped syscall memory, shared by {@link SyscallRequest} and {@link SyscallReply}. */
final class Shipping {

  private Shipping() {
  }

  /** An unmodifiable copy of {@code segments} after checking the count and total size limits. */
  static List<ShippedBytes> check(List<ShippedBytes> segments, String field) {
    Objects.requireNonNull(segments, field);
    List<ShippedBytes> copy = List.copyOf(segments);
    if (copy.size() > Limits.SHIPPED_MAX_SEGMENTS) {
      throw new IllegalArgumentException(field + " has " + copy.size() + " segments, max "
          + Limits.SHIPPED_MAX_SEGMENTS);
    }
    long total = 0;
    for (ShippedBytes segment : copy) {
      total += segment.bytes().length();
    }
    if (total > Limits.SHIPPED_MAX_BYTES) {
      throw new IllegalArgumentException(field + " ships " + total + " bytes, max " + Limits.SHIPPED_MAX_BYTES);
    }
    return copy;
  }
}

package io.procshare.codecs;

import java.util.List;

/**
 * Home to node: the address-space map of process {@code pid} at {@code version}. As the reply to a
 * {@link MapRequest} it has {@code shootdown} NONE and {@code requestIdBase}, the first page request id
 * the node may use for this process (the home hands out disjoint ranges). Pushed by the home during a
 * munmap or a rights-removing mprotect with {@code shootdown} PROTECT or UNMAP and the affected range
 * {@code [start, end)}: the receiver replies (empty body) only after no access beyond the new map is in
 * flight and, for UNMAP, its copies are discarded (DESIGN §5); {@code requestIdBase} is 0 then.
 *
 * @param pid           process id
 * @param version       map version, bumped by every change at the home
 * @param requestIdBase see above
 * @param shootdown     a {@link Shootdown} kind
 * @param start         first address of the shot-down range (0 with NONE)
 * @param end           end of the shot-down range, exclusive (0 with NONE)
 * @param mappings      at most {@link Limits#MAPPINGS_MAX}, sorted by start
 */
public record MapSnapshot(long pid, long version, long requestIdBase, byte shootdown, long start, long end,
                          List<MapEntry> mappings) implements ProcshareMessage {

  public MapSnapshot {
    Check.valid(Shootdown.isValid(shootdown), "shootdown", shootdown, Shootdown.EXPECTED);
    mappings = List.copyOf(mappings);
    if (mappings.size() > Limits.MAPPINGS_MAX) {
      throw new IllegalArgumentException("mappings has " + mappings.size() + " entries, max " + Limits.MAPPINGS_MAX);
    }
  }

  @Override
  public int messageType() {
    return MessageType.MAP_SNAPSHOT;
  }
}

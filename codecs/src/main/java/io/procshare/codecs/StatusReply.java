package io.procshare.codecs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A node's status. New figures go in {@code counters}, which keeps the message extensible without a
 * version bump.
 *
 * @param name            node name, at most 4096 UTF-8 bytes
 * @param nodeId          node id, at most 255 UTF-8 bytes
 * @param clusterAddress  cluster (event bus) address, at most 4096 UTF-8 bytes
 * @param bridgeAddress   TCP bridge address, at most 4096 UTF-8 bytes
 * @param transport       io_uring, epoll or nio, at most 4096 UTF-8 bytes
 * @param startedAtMillis start time, epoch milliseconds
 * @param counters        named counters in insertion order (an unmodifiable sequenced copy): at most
 *                        {@link Limits#COUNTERS_MAX} entries, keys at most 255 UTF-8 bytes
 */
public record StatusReply(String name, String nodeId, String clusterAddress, String bridgeAddress,
                          String transport, long startedAtMillis, Map<String, Long> counters)
    implements ProcshareMessage {

  public StatusReply {
    Check.text(name, "name");
    Check.nodeId(nodeId, "nodeId");
    Check.text(clusterAddress, "clusterAddress");
    Check.text(bridgeAddress, "bridgeAddress");
    Check.text(transport, "transport");
    Objects.requireNonNull(counters, "counters");
    if (counters.size() > Limits.COUNTERS_MAX) {
      throw new IllegalArgumentException("counters has " + counters.size() + " entries, max " + Limits.COUNTERS_MAX);
    }
    LinkedHashMap<String, Long> copy = new LinkedHashMap<>(counters);
    copy.forEach((key, value) -> {
      Check.text(key, "counters key", Limits.COUNTER_KEY_MAX_BYTES);
      Objects.requireNonNull(value, "counters value");
    });
    counters = Collections.unmodifiableSequencedMap(copy);
  }

  @Override
  public int messageType() {
    return MessageType.STATUS_REPLY;
  }
}

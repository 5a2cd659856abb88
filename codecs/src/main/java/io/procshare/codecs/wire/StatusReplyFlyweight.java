package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.FrameDecodeException;
import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.StatusReply;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Frame of a {@link StatusReply} (type 16). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=16, flags=0, length
 *   8        8    startedAtMillis  i64
 *  16      2+n    name             u16 n (&lt;= 4096), n bytes UTF-8
 *   .      2+n    nodeId           u16 n (&lt;= 255), n bytes UTF-8
 *   .      2+n    clusterAddress   u16 n (&lt;= 4096), n bytes UTF-8
 *   .      2+n    bridgeAddress    u16 n (&lt;= 4096), n bytes UTF-8
 *   .      2+n    transport        u16 n (&lt;= 4096), n bytes UTF-8
 *   .        2    counters.count   u16 (&lt;= 1024)
 *   .      ...    counters         count x (key: u16 n (&lt;= 255), n bytes UTF-8, unique;
 *                                            value: i64), in order
 * </pre>
 */
public final class StatusReplyFlyweight extends FrameFlyweight {

  public static final int STARTED_AT_MILLIS_OFFSET = HEADER_LENGTH;
  public static final int NAME_OFFSET = STARTED_AT_MILLIS_OFFSET + 8;
  private static final int STRING_MAX = 2 + Limits.STRING_MAX_BYTES;
  public static final int MAX_FRAME_LENGTH = NAME_OFFSET + 4 * STRING_MAX + 2 + Limits.NODE_ID_MAX_BYTES
      + 2 + Limits.COUNTERS_MAX * (2 + Limits.COUNTER_KEY_MAX_BYTES + 8);

  private String name;
  private String nodeId;
  private String clusterAddress;
  private String bridgeAddress;
  private String transport;
  private SequencedMap<String, Long> counters;

  /** Points at the frame at {@code offset}, validating all of it. */
  public StatusReplyFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.STATUS_REPLY);
    r.fixed("startedAtMillis", STARTED_AT_MILLIS_OFFSET, 8);
    name = r.string("name", Limits.STRING_MAX_BYTES);
    nodeId = r.string("nodeId", Limits.NODE_ID_MAX_BYTES);
    clusterAddress = r.string("clusterAddress", Limits.STRING_MAX_BYTES);
    bridgeAddress = r.string("bridgeAddress", Limits.STRING_MAX_BYTES);
    transport = r.string("transport", Limits.STRING_MAX_BYTES);
    int count = r.count("counters.count", Limits.COUNTERS_MAX);
    SequencedMap<String, Long> map = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      int at = r.position();
      String key = r.string("counters.key", Limits.COUNTER_KEY_MAX_BYTES);
      if (map.putLast(key, r.i64("counters.value")) != null) {
        throw new FrameDecodeException("counters.key", at, i, "a key not seen in an earlier entry");
      }
    }
    counters = map;
    r.end();
    return this;
  }

  public long startedAtMillis() { return buffer.getLong(offset + STARTED_AT_MILLIS_OFFSET); }

  public String name() { return name; }

  public String nodeId() { return nodeId; }

  public String clusterAddress() { return clusterAddress; }

  public String bridgeAddress() { return bridgeAddress; }

  public String transport() { return transport; }

  public SequencedMap<String, Long> counters() { return counters; }

  public StatusReply toMessage() {
    return new StatusReply(name(), nodeId(), clusterAddress(), bridgeAddress(), transport(), startedAtMillis(),
        counters());
  }

  public static int encodedLength(StatusReply m) {
    int length = NAME_OFFSET + FrameWriter.stringLength(m.name()) + FrameWriter.stringLength(m.nodeId())
        + FrameWriter.stringLength(m.clusterAddress()) + FrameWriter.stringLength(m.bridgeAddress())
        + FrameWriter.stringLength(m.transport()) + 2;
    for (String key : m.counters().keySet()) {
      length += FrameWriter.stringLength(key) + 8;
    }
    return length;
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, StatusReply m) {
    FrameHeader.encode(dst, MessageType.STATUS_REPLY, encodedLength(m));
    dst.appendLong(m.startedAtMillis());
    FrameWriter.string(dst, m.name());
    FrameWriter.string(dst, m.nodeId());
    FrameWriter.string(dst, m.clusterAddress());
    FrameWriter.string(dst, m.bridgeAddress());
    FrameWriter.string(dst, m.transport());
    dst.appendUnsignedShort(m.counters().size());
    for (Map.Entry<String, Long> counter : m.counters().entrySet()) {
      FrameWriter.string(dst, counter.getKey());
      dst.appendLong(counter.getValue());
    }
  }
}

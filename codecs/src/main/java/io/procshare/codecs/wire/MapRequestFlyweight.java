package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Limits;
import io.procshare.codecs.MapRequest;
import io.procshare.codecs.MessageType;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link MapRequest} (type 17). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=17, flags=0, length
 *   8        8    pid          i64
 *  16        8    version      i64  map version the node holds
 *  24      2+n    node         u16 n (&lt;= 255), n bytes UTF-8
 * </pre>
 */
public final class MapRequestFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int VERSION_OFFSET = PID_OFFSET + 8;
  public static final int NODE_OFFSET = VERSION_OFFSET + 8;
  public static final int MAX_FRAME_LENGTH = NODE_OFFSET + 2 + Limits.NODE_ID_MAX_BYTES;

  private String node;

  /** Points at the frame at {@code offset}, validating all of it. */
  public MapRequestFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.MAP_REQUEST);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("version", VERSION_OFFSET, 8);
    node = r.string("node", Limits.NODE_ID_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long version() { return buffer.getLong(offset + VERSION_OFFSET); }

  public String node() { return node; }

  public MapRequest toMessage() {
    return new MapRequest(pid(), version(), node());
  }

  public static int encodedLength(MapRequest m) {
    return NODE_OFFSET + FrameWriter.stringLength(m.node());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, MapRequest m) {
    FrameHeader.encode(dst, MessageType.MAP_REQUEST, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.version());
    FrameWriter.string(dst, m.node());
  }
}

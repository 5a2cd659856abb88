package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.ThreadCreated;
import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link ThreadCreated} (type 9). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=9, flags=0, length
 *   8        8    pid          i64
 *  16        8    gtid         i64
 *  24        8    parentGtid   i64
 *  32      2+n    node         u16 n (&lt;= 255), n bytes UTF-8
 * </pre>
 */
public final class ThreadCreatedFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int GTID_OFFSET = PID_OFFSET + 8;
  public static final int PARENT_GTID_OFFSET = GTID_OFFSET + 8;
  public static final int NODE_OFFSET = PARENT_GTID_OFFSET + 8;
  public static final int MAX_FRAME_LENGTH = NODE_OFFSET + 2 + Limits.NODE_ID_MAX_BYTES;

  private String node;

  /** Points at the frame at {@code offset}, validating all of it. */
  public ThreadCreatedFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.THREAD_CREATED);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("gtid", GTID_OFFSET, 8);
    r.fixed("parentGtid", PARENT_GTID_OFFSET, 8);
    node = r.string("node", Limits.NODE_ID_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long gtid() { return buffer.getLong(offset + GTID_OFFSET); }

  public long parentGtid() { return buffer.getLong(offset + PARENT_GTID_OFFSET); }

  public String node() { return node; }

  public ThreadCreated toMessage() {
    return new ThreadCreated(pid(), gtid(), parentGtid(), node());
  }

  public static int encodedLength(ThreadCreated m) {
    return NODE_OFFSET + FrameWriter.stringLength(m.node());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, ThreadCreated m) {
    FrameHeader.encode(dst, MessageType.THREAD_CREATED, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.gtid()).appendLong(m.parentGtid());
    FrameWriter.string(dst, m.node());
  }
}

package io.procshare.codecs.wire;

import static io.procshare.codecs.wire.FrameHeader.HEADER_LENGTH;

import io.procshare.codecs.Limits;
import io.procshare.codecs.MessageType;
import io.procshare.codecs.ThreadExit;
import io.vertx.core.buffer.Buffer;

/**
 * Frame of a {@link ThreadExit} (type 11). Big-endian.
 *
 * <pre>
 *  offset  size   field
 *   0        8    header (FrameHeader): version=1, type=11, flags=0, length
 *   8        8    pid          i64
 *  16        8    gtid         i64
 *  24        4    status       i32
 *  28      2+n    node         u16 n (&lt;= 255), n bytes UTF-8
 * </pre>
 */
public final class ThreadExitFlyweight extends FrameFlyweight {

  public static final int PID_OFFSET = HEADER_LENGTH;
  public static final int GTID_OFFSET = PID_OFFSET + 8;
  public static final int STATUS_OFFSET = GTID_OFFSET + 8;
  public static final int NODE_OFFSET = STATUS_OFFSET + 4;
  public static final int MAX_FRAME_LENGTH = NODE_OFFSET + 2 + Limits.NODE_ID_MAX_BYTES;

  private String node;

  /** Points at the frame at {@code offset}, validating all of it. */
  public ThreadExitFlyweight wrap(Buffer buffer, int offset) {
    FrameReader r = open(buffer, offset, MessageType.THREAD_EXIT);
    r.fixed("pid", PID_OFFSET, 8);
    r.fixed("gtid", GTID_OFFSET, 8);
    r.fixed("status", STATUS_OFFSET, 4);
    node = r.string("node", Limits.NODE_ID_MAX_BYTES);
    r.end();
    return this;
  }

  public long pid() { return buffer.getLong(offset + PID_OFFSET); }

  public long gtid() { return buffer.getLong(offset + GTID_OFFSET); }

  public int status() { return buffer.getInt(offset + STATUS_OFFSET); }

  public String node() { return node; }

  public ThreadExit toMessage() {
    return new ThreadExit(pid(), gtid(), node(), status());
  }

  public static int encodedLength(ThreadExit m) {
    return NODE_OFFSET + FrameWriter.stringLength(m.node());
  }

  /** Appends the frame of {@code m} to {@code dst}. */
  public static void encode(Buffer dst, ThreadExit m) {
    FrameHeader.encode(dst, MessageType.THREAD_EXIT, encodedLength(m));
    dst.appendLong(m.pid()).appendLong(m.gtid()).appendInt(m.status());
    FrameWriter.string(dst, m.node());
  }
}
